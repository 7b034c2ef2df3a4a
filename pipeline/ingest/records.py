"""Turn raw records into Document rows, or into rejects with a reason."""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

import xxhash

from schemas.rejects import RAW_RECORD_KEEP_CHARS

_SPACES = re.compile(r"\s+")


def text_key(text: str) -> str:
    """Normalised form used for content ids and exact dedup: NFKC, lower case, whitespace collapsed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text).lower()).strip()


def content_id(text: str) -> str:
    return xxhash.xxh3_64_hexdigest(text_key(text).encode("utf-8", "surrogatepass"))


def _field(record: dict[str, Any], path: str) -> tuple[bool, Any]:
    """Look up `a.b.c` in nested dicts; (found, value)."""
    value: Any = record
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return False, None
        value = value[part]
    return True, value


def _is_utf8_clean(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:  # lone surrogates from JSON escapes such as "\\ud800"
        return False


def clip_raw(raw: str | None) -> str | None:
    if raw is None:
        return None
    raw = raw.encode("utf-8", "replace").decode("utf-8")
    return raw if len(raw) <= RAW_RECORD_KEEP_CHARS else raw[:RAW_RECORD_KEEP_CHARS] + "…"


def to_document(
    record: dict[str, Any], *, source: str, text_field: str, id_field: str | None, lang_field: str | None,
    max_doc_bytes: int, meta_fields: list[str] | None,
) -> tuple[dict[str, Any] | None, str | None]:
    """(document, None) or (None, reject reason)."""
    found, text = _field(record, text_field)
    if not found or text is None:
        return None, "missing_text"
    if not isinstance(text, str):
        return None, "text_not_string"
    if not _is_utf8_clean(text):
        return None, "invalid_unicode"
    if not text.strip():
        return None, "empty_text"
    if len(text) * 4 > max_doc_bytes and len(text.encode("utf-8")) > max_doc_bytes:
        return None, "too_large"
    if id_field:
        found, raw_id = _field(record, id_field)
        if not found or raw_id is None or raw_id == "":
            doc_id = content_id(text)
        elif isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)):
            return None, "id_not_scalar"
        else:
            doc_id = str(raw_id)
            if not _is_utf8_clean(doc_id):
                return None, "invalid_unicode"
    else:
        doc_id = content_id(text)
    lang = None
    if lang_field:
        _, lang_value = _field(record, lang_field)
        lang = lang_value if isinstance(lang_value, str) and lang_value else None
    skip = {field.split(".")[0] for field in (text_field, id_field, lang_field) if field}
    keys = meta_fields if meta_fields is not None else [k for k in record if k not in skip]
    meta = {k: record[k] for k in keys if k in record}
    meta_json = json.dumps(meta, ensure_ascii=False, sort_keys=True, default=str) if meta else None
    if meta_json is not None and not _is_utf8_clean(meta_json):
        meta_json = json.dumps(meta, ensure_ascii=True, sort_keys=True, default=str)
    return {"id": f"{source}:{doc_id}", "text": text, "source": source, "lang": lang, "meta": meta_json}, None
