"""Catalogue codes: "none" is reserved for rules ("no tier", "no title")."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from rencai.talents.models import Degree, Tier, Title

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.mark.parametrize("model", [Tier, Degree, Title])
def test_none_is_refused_as_a_catalogue_code_by_the_form_and_by_the_database(model):
    entry = model(code="none", name="无", rank=99)

    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert error.value.error_dict["code"][0].code == "reserved"

    with pytest.raises(IntegrityError), transaction.atomic():
        entry.save()


def test_an_ordinary_code_is_accepted():
    Title(code="junior", name="初级", rank=99).full_clean()
