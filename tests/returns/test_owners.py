"""Reading the officer cell into owners: every officer text of both seeds, and the rules one by one."""

from __future__ import annotations

from pathlib import Path

import pytest

from govsheet import api
from govsheet.returns.owners import (
    ROLE_WORDS,
    cut_task,
    is_post,
    known_posts,
    owner_key,
    read_officer,
    read_officers,
    slug,
    split_joint,
    split_owners,
)

SEEDS = Path(__file__).resolve().parents[2] / "src" / "govsheet" / "seeds"
GMA = "Group Manager Assurance"
SD_FII = "Service Director – Finance, Infrastructure & Improvement"
ROLES = tuple(r.casefold() for r in ROLE_WORDS)

SEED_000 = {
    "Group Manager Assurance to monitor and report compliance with agreed progress reporting": [GMA],
    "Chief Executive": ["Chief Executive"],
    "Group Manager Assurance": [GMA],
    "Service Director – Customers, Governance and Employees":
        ["Service Director – Customers, Governance and Employees"],
    "Group Manager – Legal, Democratic & Complaints": ["Group Manager – Legal, Democratic & Complaints"],
    "Group Manager – Finance Strategy & Compliance": ["Group Manager – Finance Strategy & Compliance"],
    "Group Manager – Assurance": ["Group Manager – Assurance"],
    "Group Manager – Assurance to arrange for completion of an independent review": ["Group Manager – Assurance"],
    "Corporate Leadership Team": ["Corporate Leadership Team"],
    "Group Manager Assurance and Group Manager Transformation & Change to prepare a joint report to the "
    "Improvement & Change Sub-Committee": [GMA, "Group Manager Transformation & Change"],
    "Group Manager – Assurance and Service Directors/Group managers with responsibility for social care services":
        ["Group Manager – Assurance",
         "Service Directors/Group managers with responsibility for social care services"],
    "Corporate Director - Place": ["Corporate Director - Place"],
    "Corporate Director – Adults Social Care and Health": ["Corporate Director – Adults Social Care and Health"],
    SD_FII: [SD_FII],
    "Corporate Director Children's & Families & Service Director Finance, Infrastructure & Improvement":
        ["Corporate Director Children's & Families", "Service Director Finance, Infrastructure & Improvement"],
    "Group Manager - ICT": ["Group Manager - ICT"],
}
SEED_004 = {
    "Audrey Kingham (Best Value for Money) Chief Executive": ["Audrey Kingham"],
    "Audrey Kingham": ["Audrey Kingham"],
    "Simon Neilson (Talent & Opportunities) Jan Willis (BEST Executive Sponsor and Living Leader)":
        ["Simon Neilson", "Jan Willis"],
    "Monitoring Officer": ["Monitoring Officer"],
    "Jan Willis": ["Jan Willis"],
}


@pytest.mark.parametrize(("seed", "schema", "expected"), [
    ("ags-action-plan.txt", "ags-action-plan", SEED_000),
    ("governance-review.txt", "governance-review", SEED_004),
])
def test_every_officer_text_of_the_seeds_reads_as_its_owners(seed: str, schema: str,
                                                             expected: dict[str, list[str]]) -> None:
    tracker, _ = api.read_source(SEEDS / seed, schema)
    owner = api.resolve_schema(schema).owner
    readings = read_officers(a.text(owner) for a in tracker.actions)
    assert {text: list(r.owners) for text, r in readings.items()} == expected


def test_seed_000_spellings_of_one_post_fold_to_one_owner() -> None:
    owners = {owner_key(o) for owners in SEED_000.values() for o in owners}
    assert len(owners) == 13
    assert owner_key("Group Manager – Assurance") == owner_key(GMA) == "group manager assurance"
    assert owner_key(SD_FII) == owner_key("Service Director Finance, Infrastructure & Improvement")


def test_task_text_after_to_and_a_verb_is_cut() -> None:
    assert cut_task("Group Manager Assurance to monitor and report compliance") == (
        GMA, "to monitor and report compliance")
    assert cut_task("Head of Audit, to review the register") == ("Head of Audit", "to review the register")
    assert cut_task("Report to the Board") == ("Report to the Board", "")
    assert cut_task("Director (to confirm) Place") == ("Director (to confirm) Place", "")
    assert cut_task("to monitor") == ("to monitor", "")


def test_a_joint_text_splits_only_where_every_part_is_a_post() -> None:
    assert split_joint("Head of Legal & Head of Finance", ROLES, frozenset()) == ["Head of Legal", "Head of Finance"]
    assert split_joint("Head of Legal / Finance Director", ROLES, frozenset()) == ["Head of Legal",
                                                                                  "Finance Director"]
    assert split_joint("Head of Legal/Monitoring Officer", ROLES, frozenset()) == ["Head of Legal/Monitoring Officer"]
    assert split_joint("Service Director – Customers, Governance and Employees", ROLES, frozenset()) == [
        "Service Director – Customers, Governance and Employees"]
    assert split_joint("Director (Audit and Risk)", ROLES, frozenset()) == ["Director (Audit and Risk)"]


def test_a_post_written_alone_elsewhere_makes_a_part_a_post() -> None:
    known = known_posts(["Chief Accountant", "Payroll Lead to update the register"])
    assert known == frozenset({"chief accountant", "payroll lead"})
    assert split_joint("Chief Accountant and Payroll Lead", ROLES, frozenset()) == [
        "Chief Accountant and Payroll Lead"]
    assert split_joint("Chief Accountant and Payroll Lead", ROLES, known) == ["Chief Accountant", "Payroll Lead"]


def test_is_post_takes_role_words_at_either_end_and_plurals() -> None:
    assert is_post("Service Directors", ROLES, frozenset())
    assert is_post("Monitoring Officer", ROLES, frozenset())
    assert is_post("Head of Adult Social Care", ROLES, frozenset())
    assert not is_post("Families", ROLES, frozenset())
    assert not is_post("Families & Service Director Finance", ROLES, frozenset())
    assert not is_post("", ROLES, frozenset())


def test_schema_role_words_replace_the_defaults() -> None:
    text = "Audit Lead and Risk Lead"
    assert read_officer(text).owners == (text,)
    assert read_officer(text, role_words=["Lead"]).owners == ("Audit Lead", "Risk Lead")


def test_reading_lists_each_guess() -> None:
    reading = read_officer("Group Manager Assurance and Group Manager Transformation & Change to prepare a report")
    assert reading.guesses == ("task text 'to prepare a report' cut",
                               "joint text split into 'Group Manager Assurance' and "
                               "'Group Manager Transformation & Change'")
    assert read_officer("Chief Executive").guesses == ()


def test_semicolons_and_line_breaks_always_separate_and_repeats_go() -> None:
    assert split_owners("Chief Executive; Group Manager - ICT\nChief  Executive") == [
        "Chief Executive", "Group Manager - ICT"]
    assert split_owners("  ") == []
    assert split_owners("Group Manager – Assurance and Group Manager Assurance") == ["Group Manager – Assurance"]


def test_slug_is_cut_at_a_word_boundary() -> None:
    name = "Service Directors/Group managers with responsibility for social care services"
    assert slug(name) == "service-directors-group-managers-with-responsibility-for"
    assert slug("x" * 70) == "x" * 60
    assert slug("Chief Executive") == "chief-executive"


def test_a_schema_names_its_role_words() -> None:
    from govsheet.returns.owners import role_words

    schema = api.resolve_schema("ags-action-plan")
    assert role_words(schema) == ROLE_WORDS
    custom = schema.model_copy(update={"role_words": ("Lead",)})
    assert role_words(custom) == ("Lead",)
    data = schema.model_dump(by_alias=True)
    data["roleWords"] = ["Lead", "Head of"]
    assert type(schema).model_validate(data).role_words == ("Lead", "Head of")


def test_unique_keys_keep_every_row() -> None:
    from govsheet.returns.directory import unique_keys

    assert unique_keys(["1", "2", "1", "", ""]) == ["1", "2", "1#2", "#3", "#4"]


def test_slug_is_a_safe_readable_file_name() -> None:
    assert slug("Service Director – Finance, Infrastructure & Improvement") == \
        "service-director-finance-infrastructure-improvement"
    assert slug("../../etc/passwd") == "etc-passwd"
    assert slug("Corporate Director Children's & Families") == "corporate-director-children-s-families"
    assert slug("–") == "owner"


def test_a_slug_past_60_characters_is_cut_between_words() -> None:
    owner = "Group Manager Assurance to monitor and report compliance with agreed progress reporting"
    assert slug(owner) == "group-manager-assurance-to-monitor-and-report-compliance"
    assert slug("x" * 70) == "x" * 60
