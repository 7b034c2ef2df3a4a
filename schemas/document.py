"""The Document table: what every stage after ingest reads and writes.

`meta` is a JSON object serialised as a string, so arbitrary source fields survive
Parquet round trips without schema drift between shards.
"""

import pyarrow as pa

DOCUMENT_SCHEMA_VERSION = 1

DOCUMENT_FIELDS = [
    pa.field("id", pa.string(), nullable=False),
    pa.field("text", pa.string(), nullable=False),
    pa.field("source", pa.string(), nullable=False),
    pa.field("lang", pa.string(), nullable=True),
    pa.field("meta", pa.string(), nullable=True),
]

DOCUMENT_SCHEMA = pa.schema(DOCUMENT_FIELDS, metadata={"medcurate.table": "document", "medcurate.version": str(DOCUMENT_SCHEMA_VERSION)})
