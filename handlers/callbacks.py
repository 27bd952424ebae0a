"""Callback data of the inline buttons: short prefixed strings, at most 64 bytes.

m:<item>                  main menu item (find, status, mine, help)
p:<code>                  open the card of a procedure
s:<code>:<section>        show a section of the card (edits the card message)
c:<code>                  show the document checklist
k:<code>:<index>          tick/untick a document
f:<code>:<log id>:<1|0>   👍/👎 on an answer
x:<log id>                "none of these" after a clarification
q:<attribute>:<n>:<log id> answer n of a plain-word clarifying question (handlers/clarify.py)
w:<dossier code>          follow the dossier of a status card (handlers/following.py)
e:code                    "✍️ Nhập mã hồ sơ": wait for a dossier code (handlers/status.py)
u:<subscription id>       stop following, from the /unfollow list
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_CALLBACK_BYTES = 64


@dataclass(frozen=True)
class Callback:
    kind: str
    args: tuple[str, ...]


def encode(kind: str, *args: object) -> str:
    data = ":".join([kind, *(str(a) for a in args)])
    if len(data.encode("utf-8")) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data longer than {MAX_CALLBACK_BYTES} bytes: {data!r}")
    return data


def decode(data: str | None) -> Callback | None:
    if not data or ":" not in data:
        return None
    kind, *args = data.split(":")
    return Callback(kind, tuple(args))
