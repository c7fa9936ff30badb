"""One structured log line per request: what was asked for, the answer and how long it took.

The line deliberately leaves out the client address, the user, cookies, headers and the
query string (which can carry search terms or a questioner's details): only the path.
"""

import json
import logging
import time
from datetime import UTC, datetime

logger = logging.getLogger("icsportal.requests")


class RequestLogMiddleware:
    """Logs each request to `icsportal.requests` as it leaves the site (outermost)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        logger.info(
            "request",
            extra={
                "http": {
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                }
            },
        )
        return response


class JSONFormatter(logging.Formatter):
    """Formats a record as a single JSON object; request records carry their fields."""

    def format(self, record):
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
        }
        http = getattr(record, "http", None)
        if http:
            line.update(http)
        else:
            line["message"] = record.getMessage()
            if record.exc_info:
                line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)
