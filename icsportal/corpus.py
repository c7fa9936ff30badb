"""Synthetic-archive helpers shared by every app's corpus module, and the static pages.

`manage.py generate_corpus` imports `<app>/corpus.py` for each app in CORPUS_APPS (in
that order, because later apps name earlier apps' records) and calls its
`generate(scale, rng, progress)`; an optional `clear()` empties the app for --force.
"""

BATCH_SIZE = 2000


def insert(model, objects, progress, label, total=None, drop=()):
    """bulk_create `objects` (any iterable) in batches, reporting progress; returns a list.

    The attributes named in `drop` are emptied once each batch is in, so that the list
    returned does not hold every long text the batches wrote.

    bulk_create sends no signals and writes no history rows: the corpus is a benchmark
    archive, not an audited record, and the command bumps the content version once.
    """
    created, batch = [], []

    def write():
        written = model.objects.bulk_create(batch)
        for obj in written:
            for name in drop:
                setattr(obj, name, None)
        return written

    for obj in objects:
        batch.append(obj)
        if len(batch) == BATCH_SIZE:
            created += write()
            batch = []
            progress(label, len(created), total)
    if batch:
        created += write()
    progress(label, len(created), total or len(created))
    return created


def generate(scale, rng, progress):
    """The static pages (About, Accessibility, ...) as the demo writes them."""
    from icsportal import demo

    demo.load()
    progress("static pages", 1, 1)
    return {"static pages": len(demo.PAGES)}
