"""The taxonomy is data: 27 categories, 24 departments + 7 auxiliary buckets; bad files fail clearly."""

import pytest

from classifiers.taxonomy import TaxonomyError, load_taxonomy


def test_default_taxonomy_sizes_and_routing():
    t = load_taxonomy()
    assert len(t.categories) == 27 and len(t.departments) == 24 and len(t.auxiliary) == 7
    assert t.medical_categories == ["medicine_health"]
    assert t.entry("cardiology").zh == "心血管内科"
    assert "心内科" in t.entry("cardiology").aliases
    assert len(set(t.department_ids)) == 31


@pytest.mark.parametrize("content, message", [
    ("categories: [{id: a}]\ndepartments: [{id: a}]\n", "duplicate id"),
    ("categories: [{id: Bad-Id}]\ndepartments: [{id: b}]\n", "lower_snake_case"),
    ("categories: [{id: a, colour: red}]\ndepartments: [{id: b}]\n", "unknown key"),
    ("departments: [{id: b}]\n", "'categories' must be a non-empty list"),
    ("categories: [a\n", "not valid YAML"),
])
def test_bad_taxonomy_files_name_the_problem(tmp_path, content, message):
    path = tmp_path / "tax.yaml"
    path.write_text(content)
    with pytest.raises(TaxonomyError, match=message) as info:
        load_taxonomy(path)
    assert str(path) in str(info.value)


def test_missing_taxonomy_file_is_one_line(tmp_path):
    with pytest.raises(TaxonomyError, match="taxonomy file does not exist"):
        load_taxonomy(tmp_path / "none.yaml")
