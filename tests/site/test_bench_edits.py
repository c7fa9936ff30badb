"""`make bench-edits` (.ci/bench-edits): its table, and where it writes it."""

import importlib.machinery
import importlib.util
from pathlib import Path

import pytest

CI = Path(__file__).resolve().parents[2] / ".ci"


@pytest.fixture(scope="module")
def bench_edits():
    loader = importlib.machinery.SourceFileLoader("bench_edits", str(CI / "bench-edits"))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return module


def test_each_page_and_rate_reads_from_its_lowest_round_to_its_highest(bench_edits):
    text = bench_edits.table({
        ("article", "no saves"): [(1900.4, 9.87, 0, 0), (2010.2, 10.21, 0, 0)],
        ("meeting", "5 saves a second"): [(1721.0, 25.5, 36, 35), (1379.3, 20.04, 35, 35)],
    })
    assert text.splitlines()[2:] == [
        "| article | no saves | 1,900–2,010 | 9.9–10.2 | 0 | 0 |",
        "| meeting | 5 saves a second | 1,379–1,721 | 20.0–25.5 | 35–36 | 35 |",
    ]


def test_the_table_goes_between_the_markers_of_performance_md(bench_edits, tmp_path,
                                                              monkeypatch):
    real = bench_edits.DOC.read_text()
    assert real.count(bench_edits.START) == 1 and real.count(bench_edits.END) == 1
    doc = tmp_path / "performance.md"
    doc.write_text(f"before\n{bench_edits.START}\nold run\n{bench_edits.END}\nafter\n")
    monkeypatch.setattr(bench_edits, "DOC", doc)
    bench_edits.write_doc("\nnew run\n")
    assert doc.read_text() == (
        f"before\n{bench_edits.START}\nnew run\n{bench_edits.END}\nafter\n"
    )
    doc.write_text("no markers\n")
    with pytest.raises(SystemExit):
        bench_edits.write_doc("new run")
    assert doc.read_text() == "no markers\n"
