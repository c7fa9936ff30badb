"""Plain-text summaries of rich text: meta descriptions and feed entries."""

import pytest
from django.utils.text import Truncator

from icsportal.richtext import plain_summary


def test_the_first_fragment_with_text_is_summarised_as_one_plain_line():
    assert plain_summary("", "<p> </p>", "<p>Crisis <b>cafés</b>\n open</p>", "Later",
                         limit=50) == "Crisis cafés open"
    assert plain_summary(None, "", limit=50) == ""


@pytest.mark.parametrize("length", [1, 199, 200, 201, 450])
def test_a_long_text_is_cut_where_truncator_cuts_it(length):
    text = ("Partners agreed the winter plan " * 20)[:length].strip() or "x"
    summary = plain_summary(text, limit=200)
    assert summary == Truncator(text).chars(200)
    assert len(summary) <= 200
    assert summary.endswith("…") == (len(text) > 200)
