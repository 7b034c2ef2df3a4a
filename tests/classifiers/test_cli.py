"""`medcurate classifiers train | eval | annotate` end to end on realistic-size labelled data."""

import json
import random

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from classifiers.bootstrap.compose import Composer, Lexicons
from pipeline.cli import app
from tests.openai_standin import ChatHandler, serve

DEPARTMENTS = ["cardiology", "ophthalmology", "stomatology", "psychiatry"]


@pytest.fixture(scope="module")
def labelled(tmp_path_factory):
    """2,400 training and 400 evaluation rows over four departments, both languages."""
    lexicons = Lexicons.load("train")
    compose = Composer(lexicons, random.Random(5))
    folder = tmp_path_factory.mktemp("labelled")
    for name, n in (("train", 300), ("eval", 50)):
        with open(folder / f"{name}.jsonl", "w", encoding="utf-8") as handle:
            for _ in range(n):
                for lang in ("zh", "en"):
                    for department in DEPARTMENTS:
                        row = {"text": compose.medical(lang, department), "label": department, "lang": lang}
                        handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return folder


def test_train_then_eval_writes_consistent_reports(labelled, tmp_path):
    runner = CliRunner()
    model = tmp_path / "dept.bin"
    result = runner.invoke(app, ["classifiers", "train", "--task", "department", "--data",
                                 str(labelled / "train.jsonl"), "--output", str(model), "--epoch", "5"])
    assert result.exit_code == 0, result.output
    assert "trained on 2400 rows" in result.output
    out = tmp_path / "eval"
    result = runner.invoke(app, ["classifiers", "eval", "--model", str(model), "--data", str(labelled / "eval.jsonl"),
                                 "--output", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text())
    overall = report["overall"]
    assert overall["rows"] == 400 and set(report["by_language"]) == {"en", "zh"}
    confusion = overall["confusion"]
    assert sum(map(sum, confusion)) == 400
    assert overall["accuracy"] == pytest.approx(sum(confusion[i][i] for i in range(len(confusion))) / 400)
    assert overall["macro_f1"] > 0.9
    assert (out / "confusion.png").is_file() and (out / "confusion.zh.png").is_file()


def test_train_refuses_labels_outside_the_taxonomy(labelled, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"text": "胸闷", "label": "heart_stuff"}, ensure_ascii=False) + "\n")
    result = CliRunner().invoke(app, ["classifiers", "train", "--task", "department", "--data", str(bad),
                                      "--output", str(tmp_path / "m.bin")])
    assert result.exit_code == 2
    assert "heart_stuff" in result.output and "not valid for task 'department'" in result.output


class _Labeller(ChatHandler):
    """Stands in for an LLM server: answers the OpenAI chat protocol with a keyword rule."""

    failed_once: set = set()

    def do_POST(self):  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.path != "/v1/chat/completions" or self.headers.get("Authorization") != "Bearer k":
            self.send_response(401)
            self.end_headers()
            return
        text = body["messages"][-1]["content"].split("Text:\n", 1)[1]
        if "flaky" in text and text not in self.failed_once:
            self.failed_once.add(text)
            self.send_response(503)  # a transient failure: the client retries
            self.end_headers()
            return
        if "???" in text:
            reply = "I am not sure."
        else:
            reply = "medical" if any(w in text for w in ("胸闷", "heart", "blood pressure")) else "general"
        self.reply(reply)


@pytest.fixture()
def llm_server():
    url, server = serve(_Labeller)
    yield url
    server.shutdown()


def test_annotate_labels_a_sample_and_counts_unparseable_replies(llm_server, tmp_path):
    data = tmp_path / "docs.jsonl"
    texts = ["胸闷气短一周", "my heart races at night", "the league final ended 2-1", "??? what", "flaky heart"]
    data.write_text("\n".join(json.dumps({"text": t}, ensure_ascii=False) for t in texts) + "\n", encoding="utf-8")
    out = tmp_path / "labels.jsonl"
    result = CliRunner().invoke(app, ["classifiers", "annotate", "--task", "medical", "--data", str(data),
                                      "--endpoint", llm_server, "--model", "m", "--api-key", "k",
                                      "--output", str(out), "--sample", "10", "--parallel", "2"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["text"]: r["label"] for r in rows} == {
        "胸闷气短一周": "medical", "my heart races at night": "medical", "the league final ended 2-1": "general",
        "flaky heart": "medical"}
    assert "1 unparseable" in result.output


def test_annotate_with_a_wrong_key_fails_in_one_line(llm_server, tmp_path):
    data = tmp_path / "docs.jsonl"
    data.write_text(json.dumps({"text": "胸闷"}, ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["classifiers", "annotate", "--task", "medical", "--data", str(data),
                                      "--endpoint", llm_server, "--model", "m", "--api-key", "wrong",
                                      "--output", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 2 and "HTTP 401" in result.output


def test_quality_model_from_reference_and_web_text(tmp_path):
    """DCLM-style: high-quality reference text against web-like text, no labels needed."""
    compose = Composer(Lexicons.load("train"), random.Random(9))
    reference, web = tmp_path / "reference.jsonl", tmp_path / "web.jsonl"
    with open(reference, "w", encoding="utf-8") as good, open(web, "w", encoding="utf-8") as bad:
        for i in range(1500):
            lang = "zh" if i % 2 else "en"
            good.write(json.dumps({"text": compose.general(lang, "history")}, ensure_ascii=False) + "\n")
            bad.write(json.dumps({"text": compose.junk(lang)}, ensure_ascii=False) + "\n")
    model = tmp_path / "quality.bin"
    result = CliRunner().invoke(app, ["classifiers", "train", "--task", "quality", "--positive", str(reference),
                                      "--negative", str(web), "--output", str(model), "--epoch", "3"])
    assert result.exit_code == 0, result.output
    assert "trained on 3000 rows" in result.output
    info = json.loads(model.with_suffix(".json").read_text())
    assert info["labels"] == ["hq", "lq"] and len(info["trained_on"]["files"]) == 2
    result = CliRunner().invoke(app, ["classifiers", "train", "--task", "category", "--positive", str(reference),
                                      "--negative", str(web), "--output", str(model)])
    assert result.exit_code == 2 and "need a binary task" in result.output


def test_train_and_eval_default_output_paths(labelled, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["classifiers", "train", "--task", "department", "--data", str(labelled / "train.jsonl"),
                                 "--epoch", "2"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "models" / "department.bin").is_file()
    result = runner.invoke(app, ["classifiers", "eval", "--model", "models/department.bin", "--data",
                                 str(labelled / "eval.jsonl")])
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "models" / "department.eval" / "report.json").read_text())["overall"]["rows"] == 400


def test_classify_command_annotates_every_row(default_models, tmp_path):
    rows = [{"id": "a", "text": "孩子发烧三天，咳嗽有痰，晚上睡不好，需要去儿科拍胸片吗？"},
            {"id": "b", "text": "The central bank raised interest rates by a quarter point to cool inflation."},
            {"id": "c", "text": "。。。"}]
    data = tmp_path / "in.jsonl"
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["classify", "-i", str(data), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "classify: 3 in, 3 kept, 0 rejected" in result.output
    table = pq.read_table(sorted(out.glob("part-*.parquet"))).sort_by("id")
    got = {r["id"].split(":")[-1]: r for r in table.to_pylist()}
    assert got["a"]["is_medical"] and got["a"]["department"] in {"pediatrics", "pulmonology"}
    assert not got["b"]["is_medical"] and got["b"]["category"] == "economics_business"
    assert got["c"]["category"] is None
