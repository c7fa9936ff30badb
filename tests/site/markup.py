"""What a page's markup must hold beyond what axe checks on the pages it loads: every
element closed where it was opened, every id once, and every id a page refers to (a
skip link, a label, aria-labelledby and the like) present on it."""

from collections import Counter
from html.parser import HTMLParser

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})
# Elements whose end tag HTML lets a page leave out: closed by the next end tag around them.
OPTIONAL_END = frozenset({"p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup",
                          "thead", "tbody", "tfoot", "colgroup"})
FOREIGN = frozenset({"svg", "math"})
ID_REFERENCES = ("aria-labelledby", "aria-describedby", "aria-controls", "aria-owns")


class MarkupChecker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open = []
        self.ids = Counter()
        self.references = []
        self.problems = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids[attrs["id"]] += 1
        for name in ID_REFERENCES:
            self.references += [(name, value) for value in (attrs.get(name) or "").split()]
        if tag == "label" and attrs.get("for"):
            self.references.append(("label for", attrs["for"]))
        href = attrs.get("href") or ""
        if tag == "a" and href.startswith("#") and len(href) > 1:
            self.references.append(("link to", href[1:]))
        if tag not in VOID:
            self.open.append((tag, self.getpos()[0]))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            # Only SVG and MathML elements may close themselves.
            if not any(name in FOREIGN for name, _line in self.open[:-1]):
                self.problems.append(f"<{tag}/> on line {self.getpos()[0]} is not a void "
                                     "element")
            self.open.pop()

    def handle_endtag(self, tag):
        line = self.getpos()[0]
        if tag in VOID:
            self.problems.append(f"</{tag}> on line {line}: a void element has no end tag")
            return
        while self.open and self.open[-1][0] != tag and self.open[-1][0] in OPTIONAL_END:
            self.open.pop()
        if not self.open or self.open[-1][0] != tag:
            inside = self.open[-1] if self.open else ("nothing", line)
            self.problems.append(f"</{tag}> on line {line} closes <{inside[0]}> of line "
                                 f"{inside[1]}")
            return
        self.open.pop()

    def close(self):
        super().close()
        self.problems += [f"<{tag}> of line {line} is never closed"
                          for tag, line in self.open if tag not in OPTIONAL_END]
        self.problems += [f'id "{name}" appears {count} times'
                          for name, count in self.ids.items() if count > 1]
        self.problems += [f'{kind} "{name}", which is not on the page'
                          for kind, name in self.references if name not in self.ids]


def markup_problems(html):
    """Each way `html` breaks the rules above, in words; [] when it keeps them all."""
    checker = MarkupChecker()
    checker.feed(html)
    checker.close()
    return checker.problems
