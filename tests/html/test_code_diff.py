"""Diffs that read: runs of changed words, whole lines when mostly changed, plain panels with `diff: false`."""

import re

from carrousel.html.code import code_lines, diff_lines, indent_of, word_runs

TAGS = re.compile(r"<(?!/?mark)[^>]+>")


def marked(line) -> list[str]:
    """The text of each <mark> of a rendered line."""
    return re.findall(r"<mark[^>]*>(.*?)</mark>", TAGS.sub("", str(line.html)))


def test_a_run_of_changed_words_is_one_mark_with_its_inner_spaces():
    old, new = diff_lines("fn load(path: &Path) -> Result<Config, Box<dyn Error>> {\n",
                          "fn load(path: &Path) -> Result<Config, ConfigError> {\n", "rust")
    # One box around `Box<dyn Error>`, its space included; not one per token (`Box`, `<`, `dyn`, ` `, …).
    assert marked(old[0]) == ["Box&lt;dyn Error&gt;"]
    assert marked(new[0]) == ["ConfigError"]
    assert old[0].mark == "del" and new[0].mark == "add"


def test_whitespace_alone_is_never_marked():
    removed, added = word_runs("x = compute(a, b)", "x = compute(a,  b)")
    assert removed == [] and added == []
    removed, added = word_runs("    total = a + b", "    total = a - b")
    assert [("    total = a + b")[s:e] for s, e in removed] == ["+"]
    assert ["    total = a - b"[s:e] for s, e in added] == ["-"]


def test_separate_changes_stay_separate_runs():
    removed, added = word_runs('requests: {cpu: "2", memory: 4Gi}', "requests: {cpu: 500m, memory: 1Gi}")
    assert ['requests: {cpu: "2", memory: 4Gi}'[s:e] for s, e in removed] == ['"2"', "4Gi"]
    assert ["requests: {cpu: 500m, memory: 1Gi}"[s:e] for s, e in added] == ["500m", "1Gi"]


def test_a_line_mostly_changed_is_marked_as_a_line():
    assert word_runs("replicas: 6  # sized for Black Friday, never revisited",
                     "replicas: 3  # the HPA adds pods when p95 CPU passes 70%") is None
    old, new = diff_lines("replicas: 6  # sized for Black Friday, never revisited\n",
                          "replicas: 3  # the HPA adds pods when p95 CPU passes 70%\n", "yaml")
    assert old[0].mark == "del" and new[0].mark == "add"
    assert marked(old[0]) == [] and marked(new[0]) == []


def test_a_line_replaced_by_two_still_marks_its_words():
    old, new = diff_lines("let text = std::fs::read_to_string(path)?;\nOk(text)\n",
                          "let text = std::fs::read_to_string(path)\n    .map_err(Error::Read)?;\nOk(text)\n", "rust")
    assert [line.mark for line in old] == ["del", ""] and [line.mark for line in new] == ["add", "add", ""]
    assert marked(old[0]) == ["?;"]


def test_diff_false_shows_both_sides_as_written():
    old, new = diff_lines("SELECT * FROM orders;\n", "CREATE INDEX i ON orders (created_at);\n", "sql", compare=False)
    assert [line.mark for line in old + new] == ["", ""]
    assert "<mark" not in str(old[0].html) + str(new[0].html)


def test_lines_know_their_indentation_and_breaks_draw_nothing():
    lines = code_lines("def f():\n    return a.b(c)\n\tpass\n", "python")
    assert [line.indent for line in lines] == [0, 4, 4]
    assert indent_of(" " * 40 + "x") == 16, "a deep line hangs at most 16 columns in"
    html = str(lines[1].html)
    assert "<wbr>" in html and TAGS.sub("", html).replace("<wbr>", "") == "    return a.b(c)"


def test_a_part_shows_its_lines_numbered_as_in_the_whole():
    from carrousel.load.post import Part

    lines = code_lines("a = 1\nb = '''\nstill a string\n'''\nc = 3\n", "python", "3", Part(2, 2, 3, 5))
    assert [line.number for line in lines] == [3, 4, 5]
    assert lines[0].mark == "hl" and 'class="s' in str(lines[0].html), "highlighted as part of the whole block"
