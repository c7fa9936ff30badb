"""Static file storage for production: WhiteNoise's manifest storage, with URLs memoised."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files whose URLs are looked up once per process.

    Every page asks for the same handful of URLs (stylesheets, script, icons); the
    manifest is read when the process starts and never changes while it runs, so each
    name's URL is kept after its first lookup instead of being rebuilt on every
    `{% static %}`. A name missing from the manifest still raises every time.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force=True)
        try:
            return self._urls[name]
        except KeyError:
            url = self._urls[name] = super().url(name)
            return url
