"""One row of an emitted training mix: a document occurrence (repeats appear as separate rows)."""

import pyarrow as pa

MIX_ROW_SCHEMA = pa.schema([
    pa.field("id", pa.string(), nullable=False),
    pa.field("text", pa.string(), nullable=False),
    pa.field("source", pa.string(), nullable=False),
    pa.field("lang", pa.string()),
    pa.field("group", pa.string(), nullable=False),  # the value of the policy's group_by column
    pa.field("curriculum_stage", pa.int64(), nullable=False),  # 1 general, 2 medical basics, 3 advanced reasoning
    pa.field("epoch", pa.int64(), nullable=False),  # 0 for the first occurrence of a document, 1 for its first repeat...
    pa.field("tokens", pa.int64(), nullable=False),
], metadata={"medcurate.table": "mix_row"})
