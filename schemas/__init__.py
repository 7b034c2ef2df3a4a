"""Arrow schemas of every table that crosses a stage boundary: one place, versioned."""

from schemas.annotations import ANNOTATION_FIELDS, ANNOTATION_TYPES, QUALITY_STAT_FIELDS
from schemas.document import DOCUMENT_SCHEMA
from schemas.mix import MIX_ROW_SCHEMA
from schemas.rejects import INGEST_REJECT_SCHEMA, REJECT_FIELDS
from schemas.synth import PREFERENCE_PAIR_SCHEMA, SYNTH_SAMPLE_SCHEMA
from schemas.validate import SchemaError, conform, validate_table

__all__ = [
    "ANNOTATION_FIELDS", "ANNOTATION_TYPES", "QUALITY_STAT_FIELDS", "DOCUMENT_SCHEMA", "MIX_ROW_SCHEMA",
    "INGEST_REJECT_SCHEMA", "REJECT_FIELDS", "PREFERENCE_PAIR_SCHEMA", "SYNTH_SAMPLE_SCHEMA",
    "SchemaError", "conform", "validate_table",
]
