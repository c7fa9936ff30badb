"""Static file storage for production: WhiteNoise's manifest storage, with URLs memoised."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files whose URLs are looked up once per process.

    Every page asks for the same handful of URLs (stylesheets, script, icons); the
    manifest is read when the process starts and never changes while it runs, so each
    name's URL is kept after its first lookup instead of being rebuilt on every
    `{% static %}`. A name missing from the manifest still raises every time.

    A script of ours (static/js/) that imports another by a relative path names its
    hashed copy, as a stylesheet's `url()` does: site.js imports NHS.UK's script, which
    was otherwise fetched by its plain name, kept a minute (WhiteNoise's lifetime for a
    name without a hash) and revalidated on each visit after. Only ours: Django's
    own switch for this (`support_js_module_import_aggregation`) reads every script,
    and django-ckeditor-5 ships a source file importing one it does not ship, which
    stops `collectstatic`.
    """

    patterns = CompressedManifestStaticFilesStorage.patterns + ((
        "js/*.js",
        ((r"""(?P<matched>import(?P<import>[\s{][^;]*?)\s*from\s*["'](?P<url>\.{1,2}/.*?)["'])""",
          'import%(import)s from "%(url)s"'),),
    ),)

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
