import pyarrow as pa
import pytest

from schemas import DOCUMENT_SCHEMA, MIX_ROW_SCHEMA, PREFERENCE_PAIR_SCHEMA, SYNTH_SAMPLE_SCHEMA, SchemaError, validate_table


def doc(**columns):
    base = {"id": ["a"], "text": ["t"], "source": ["s"], "lang": [None], "meta": [None]}
    base.update(columns)
    return pa.table(base)


def test_valid_document_is_conformed_to_exact_types():
    table = doc().cast(pa.schema([("id", pa.large_string()), ("text", pa.large_string()), ("source", pa.string()),
                                  ("lang", pa.null()), ("meta", pa.null())]))
    out = validate_table(table, DOCUMENT_SCHEMA, where="t")
    assert out.schema.field("text").type == pa.string() and out.schema.field("lang").type == pa.string()


@pytest.mark.parametrize("table,message", [
    (doc().drop_columns(["text"]), "t: missing column 'text' (expected string)"),
    (doc(text=[5]), "t: column 'text' must be string, found int64"),
    (doc(id=pa.array([None], pa.string())), "column 'id' has 1 null value(s) but may not be null"),
    (doc(dup_count=["3"]), "annotation column 'dup_count' must be int64, found string"),
    (doc(is_medical=[1.5]), "annotation column 'is_medical' must be bool, found double"),
])
def test_errors_name_column_and_expectation(table, message):
    with pytest.raises(SchemaError) as error:
        validate_table(table, DOCUMENT_SCHEMA, where="t")
    assert message in str(error.value)


def test_synth_and_preference_and_mix_schemas_are_complete():
    assert {"question", "options", "steps", "answer", "messages", "reward", "reflection_strategy", "attempts"} <= set(SYNTH_SAMPLE_SCHEMA.names)
    assert {"prompt", "chosen", "rejected", "rejected_kind"} <= set(PREFERENCE_PAIR_SCHEMA.names)
    assert {"id", "text", "group", "curriculum_stage", "epoch", "tokens"} <= set(MIX_ROW_SCHEMA.names)
    step = SYNTH_SAMPLE_SCHEMA.field("steps").type.value_type
    assert [f.name for f in step] == ["text", "head", "relation", "tail"]
