"""Paging long public lists without counting them."""

# Capped so that a silly page number cannot overflow the database's OFFSET.
MAX_PAGE = 1_000_000


class UncountedPage:
    """A page of a list that is never counted: one row beyond the page tells whether a
    next page exists, so paging costs the rows shown rather than a count of them all.

    For lists that only link the previous and next pages (`page_links` then says
    "Page 2", not "Page 2 of 9"). Past the last page `object_list` is empty and
    `has_previous()` true, which a template can tell apart from an empty list.

    `rows` is a queryset, or a function of the offset that gives the rows from there,
    `per_page + 1` of them at most (a compiled query, icsportal.compiled).
    """

    def __init__(self, rows, number, per_page):
        try:
            self.number = min(max(int(number), 1), MAX_PAGE)
        except (TypeError, ValueError):
            self.number = 1
        offset = (self.number - 1) * per_page
        found = list(rows(offset) if callable(rows) else rows[offset:offset + per_page + 1])
        self.object_list = found[:per_page]
        self._has_next = len(found) > per_page

    # The methods of Django's Page that the templates and page_links use.
    def has_next(self):
        return self._has_next

    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.has_next() or self.has_previous()

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1

    def __iter__(self):
        return iter(self.object_list)
