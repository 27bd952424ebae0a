"""`run_bot.py search`: the JSON contract (DESIGN.md interface 1), batch mode, table output."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import search as cli

ROOT = Path(__file__).resolve().parents[2]
INTENTS = {"procedure", "status", "greeting", "help", "unknown"}
DECISIONS = {"answer", "clarify", "none"}


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers(dest="command"))
    return parser.parse_args(["search", *argv])


def check_shape(obj: dict[str, object], query: str, top: int = 5) -> None:
    assert set(obj) == {"query", "intent", "decision", "results"}
    assert obj["query"] == query
    assert obj["intent"] in INTENTS
    assert obj["decision"] in DECISIONS
    results = obj["results"]
    assert isinstance(results, list) and len(results) <= top
    for r in results:
        assert set(r) == {"code", "title", "score"}
        assert isinstance(r["code"], str) and isinstance(r["title"], str)
        assert isinstance(r["score"], float)
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)


async def test_single_question_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert await cli.handler(parse("làm lại căn cước bị mất", "--json"), None) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    obj = json.loads(lines[0])
    check_shape(obj, "làm lại căn cước bị mất")
    assert obj["intent"] == "procedure"
    assert obj["results"][0] == {"code": "1.014064", "title": "Cấp lại thẻ căn cước",
                                 "score": obj["results"][0]["score"]}  # fmt: skip


async def test_top_limits_results(capsys: pytest.CaptureFixture[str]) -> None:
    assert await cli.handler(parse("đăng ký khai sinh", "--json", "--top", "2"), None) == 0
    check_shape(json.loads(capsys.readouterr().out), "đăng ký khai sinh", top=2)


async def test_batch_is_json_lines_in_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = ["xin chào", "tra cứu hồ sơ 000.00.27.H27-250801-0001", "", "làm hộ chiếu"]
    batch = tmp_path / "q.txt"
    batch.write_text("\n".join(questions) + "\n", encoding="utf-8")
    assert await cli.handler(parse("--batch", str(batch), "--json"), None) == 0
    lines = capsys.readouterr().out.splitlines()
    asked = [q for q in questions if q]
    assert len(lines) == len(asked)
    objs = [json.loads(line) for line in lines]
    for obj, q in zip(objs, asked, strict=True):
        check_shape(obj, q)
    assert [o["intent"] for o in objs] == ["greeting", "status", "procedure"]
    assert objs[0]["decision"] == "none" and objs[0]["results"] == []


async def test_table_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert await cli.handler(parse("làm căn cước"), None) == 0
    out = capsys.readouterr().out
    assert "decision: clarify" in out and "1.014061" in out


async def test_other_catalog_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ("đăng ký kết hôn", "--json", "--catalog", str(tmp_path))  # an empty catalog
    assert await cli.handler(parse(*argv), None) == 0
    obj = json.loads(capsys.readouterr().out)
    check_shape(obj, "đăng ký kết hôn")
    assert obj["results"] == [] and obj["decision"] == "none"


@pytest.mark.parametrize(
    "argv", [("--json",), ("q", "--batch", "x.txt"), ("q", "--top", "0"), ("--batch", "/nope")]
)
async def test_bad_arguments(argv: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    assert await cli.handler(parse(*argv), None) == 2
    assert capsys.readouterr().err.startswith("error:")


def test_run_bot_end_to_end_without_database_or_network(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "DVC_DATABASE_URL": "sqlite+aiosqlite:////nonexistent/x.db"}
    done = subprocess.run(
        [sys.executable, "run_bot.py", "search", "rut bhxh 1 lan", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    obj = json.loads(done.stdout.strip().splitlines()[-1])
    check_shape(obj, "rut bhxh 1 lan")
    assert obj["results"][0]["code"] == "1.001613"
