"""ICD-10 and HPO terms land in the right departments."""

import pytest

from classifiers.bootstrap.ontology import department_mapping, hpo_terms, icd10_department, icd10_terms


@pytest.mark.parametrize("code, department", [
    ("I21.0", "cardiology"), ("I63", "neurology"), ("I83.9", "general_surgery"), ("K02.1", "stomatology"),
    ("K40", "general_surgery"), ("K25", "gastroenterology"), ("N40", "urology_andrology"), ("N18", "nephrology"),
    ("T40.2", "emergency_critical_care"), ("S06", "neurosurgery"), ("M32", "rheumatology"), ("M16", "orthopedics"),
    ("J34", "otorhinolaryngology"), ("J45", "pulmonology"), ("C50", "oncology"), ("O14", "obstetrics_gynecology"),
])
def test_narrowest_icd10_range_wins(code, department):
    assert icd10_department(code, department_mapping()["icd10"]) == department


def test_icd10_terms_cover_departments_with_real_descriptions():
    terms = icd10_terms()
    assert "Acute myocardial infarction" in terms["cardiology"]
    assert len(terms) >= 20 and all(len(v) > 10 for v in terms.values())


def test_hpo_terms_go_to_the_nearest_mapped_ancestor():
    terms = hpo_terms()
    assert "Abnormal heart morphology" in terms["cardiology"]["terms"]
    assert "Abnormality of the kidney" in terms["nephrology"]["terms"]  # not its genitourinary parent
    assert any("heart" in d.lower() for d in terms["cardiology"]["definitions"])
