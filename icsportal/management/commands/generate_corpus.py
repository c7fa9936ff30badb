"""Build a large synthetic, deterministic archive for the benchmark (docs/performance.md)."""

import random
import sys
import time
from importlib import import_module

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from icsportal.caching import bump_content_version

# Order matters: bulletins and governance records name people and organisations.
CORPUS_APPS = ["people", "icsportal", "bulletins", "governance"]
# Apps whose rows make a database "non-empty" for the --force check.
CONTENT_APPS = ["people", "bulletins", "governance"]


def corpus_modules():
    """[(app label, module)] for every app that has a corpus.py, in CORPUS_APPS order."""
    found = []
    for app in CORPUS_APPS:
        name = f"{app}.corpus"
        try:
            found.append((app, import_module(name)))
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return found


class Progress:
    """A plain-text progress bar on stderr, redrawn at most ten times a second."""

    def __init__(self, stream=None, width=30):
        self.stream = stream or sys.stderr
        self.width = width
        self.last_draw = 0.0

    def __call__(self, label, done, total=None):
        now = time.monotonic()
        finished = total is not None and done >= total
        if not finished and now - self.last_draw < 0.1:
            return
        self.last_draw = now
        if total:
            filled = int(self.width * min(done, total) / total)
            bar = "#" * filled + "." * (self.width - filled)
            line = f"{label:<24} [{bar}] {done:>9,}/{total:,}"
        else:
            line = f"{label:<24} {done:>9,}"
        self.stream.write(f"\r{line}" + ("\n" if finished else ""))
        self.stream.flush()


def corpus_is_empty():
    for label in CONTENT_APPS:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        for model in config.get_models():
            # Reference tables (outcome words, bank holidays) come with the migrations.
            if getattr(model, "is_reference_data", False):
                continue
            if model.objects.exists():
                return False
    return True


class Command(BaseCommand):
    help = (
        "Generate a synthetic archive: per scale unit 300 organisations, 3,000 people "
        "and their roles (plus what bulletins and governance add). Deterministic for a seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="Size; 1 is a few years.")
        parser.add_argument("--seed", type=int, default=2022, help="Random seed (default 2022).")
        parser.add_argument(
            "--force", action="store_true",
            help="Empty the content apps first when they already hold records.",
        )

    def handle(self, *args, scale, seed, force, **options):
        if scale <= 0:
            raise CommandError("--scale must be positive.")
        modules = corpus_modules()
        if not corpus_is_empty():
            if not force:
                raise CommandError(
                    "The database already holds content; use --force to replace it."
                )
            for _app, module in reversed(modules):
                if hasattr(module, "clear"):
                    module.clear()
        progress = Progress(self.stderr._out)
        started = time.monotonic()
        counts = {}
        with transaction.atomic():
            for app, module in modules:
                # One generator per app, so adding an app leaves the others' data unchanged.
                rng = random.Random(f"{seed}:{app}")  # nosec B311: synthetic data, must be reproducible
                counts.update(module.generate(scale, rng, progress) or {})
            if connection.vendor == "postgresql":
                # PostgreSQL checks the new rows' foreign keys at the commit, one lookup
                # each. Without statistics its planner priced a walk of a whole index that
                # merely ends in `id` (person_by_name_id) as low as the primary key and
                # took it for every check: the commit ran for over half an hour at scale
                # 50. ANALYZE sees this transaction's own rows.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
        bump_content_version()
        # Bulk inserts send no signals, so the stored search documents are built here;
        # without them every search of the corpus would find nothing and look fast.
        call_command("rebuild_search_index", stdout=self.stdout)
        summary = ", ".join(f"{count:,} {name}" for name, count in counts.items())
        elapsed = time.monotonic() - started
        self.stdout.write(f"Corpus at scale {scale:g} (seed {seed}): {summary} in {elapsed:.1f} s")
