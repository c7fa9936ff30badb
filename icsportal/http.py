"""What every response owes HTTP whoever renders it: no body on a HEAD."""


class HeadMiddleware:
    """Sends a HEAD's headers without the body its view rendered.

    Django leaves that to the server, and gunicorn drops the bytes but logs a warning for
    each such response, so a monitor that checks the site with HEAD filled the error
    log. Content-Length stays the body's, as RFC 9110 (9.3.2) asks; a file's stream is
    closed with the response as before.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD":
            if response.streaming:
                response.streaming_content = []
            else:
                if not response.has_header("Content-Length"):
                    response.headers["Content-Length"] = str(len(response.content))
                response.content = b""
        return response

