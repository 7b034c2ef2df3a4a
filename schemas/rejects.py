"""Rejected rows: the input row plus why and where it was dropped.

Stages after ingest keep every column of the rejected row and add `reject_stage` and
`reject_reason`. Ingest rejects have no Document yet, so they carry the raw record and its place.
"""

import pyarrow as pa

REJECT_FIELDS = [
    pa.field("reject_stage", pa.string(), nullable=False),
    pa.field("reject_reason", pa.string(), nullable=False),
]

# Ingest-specific: the raw record (decoded with replacement characters, truncated) and its place.
INGEST_REJECT_FIELDS = [
    pa.field("source", pa.string(), nullable=False),
    pa.field("file", pa.string(), nullable=False),
    pa.field("line", pa.int64(), nullable=True),  # 1-based line (JSONL/CSV) or row (Parquet, datasets)
    pa.field("raw", pa.string(), nullable=True),
] + REJECT_FIELDS

INGEST_REJECT_SCHEMA = pa.schema(INGEST_REJECT_FIELDS, metadata={"medcurate.table": "ingest_rejects"})

# Longest raw record kept in an ingest reject; the rest is cut so one huge bad line cannot blow a shard.
RAW_RECORD_KEEP_CHARS = 4096
