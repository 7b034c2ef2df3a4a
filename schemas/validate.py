"""Check a table against a schema, with errors that name the column and what was expected."""

import pyarrow as pa

from schemas.annotations import ANNOTATION_TYPES


class SchemaError(ValueError):
    """A table does not match the schema a stage expects."""


_EQUIVALENT = {pa.large_string(): pa.string(), pa.string_view(): pa.string()}


def _normalised(type_: pa.DataType) -> pa.DataType:
    return _EQUIVALENT.get(type_, type_)


def validate_table(table: pa.Table, schema: pa.Schema, *, where: str, check_annotations: bool = True) -> pa.Table:
    """Return `table` with its columns cast to `schema`'s exact types (large_string -> string).

    Raises SchemaError naming `where` (stage and file), the column, the expected type and the one found.
    Columns not in `schema` are kept; known annotation columns among them must have their documented type.
    """
    for field in schema:
        if field.name not in table.column_names:
            raise SchemaError(f"{where}: missing column '{field.name}' (expected {field.type})")
        found = table.schema.field(field.name).type
        if _normalised(found) != field.type and not (pa.types.is_null(found) and field.nullable):
            raise SchemaError(f"{where}: column '{field.name}' must be {field.type}, found {found}")
        if not field.nullable and table.column(field.name).null_count:
            raise SchemaError(
                f"{where}: column '{field.name}' has {table.column(field.name).null_count} null value(s) but may not be null"
            )
    if check_annotations:
        for name in table.column_names:
            expected = ANNOTATION_TYPES.get(name)
            if expected is None or name in schema.names:
                continue
            found = table.schema.field(name).type
            if _normalised(found) != expected and not pa.types.is_null(found):
                raise SchemaError(f"{where}: annotation column '{name}' must be {expected}, found {found}")
    return conform(table, schema)


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """Cast the schema's columns (and known annotation columns) to their exact types, in place order."""
    columns, names = [], []
    for name in table.column_names:
        column = table.column(name)
        target = schema.field(name).type if name in schema.names else ANNOTATION_TYPES.get(name)
        if target is None and _normalised(column.type) != column.type:
            target = _normalised(column.type)
        if target is not None and column.type != target:
            column = column.cast(target)
        columns.append(column)
        names.append(name)
    return pa.table(columns, names=names)
