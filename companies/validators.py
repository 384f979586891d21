from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.fr import siren


def validate_siren(value: str) -> None:
    """A SIREN is 9 digits whose last one is a Luhn check digit."""
    try:
        siren.validate(value)
    except InvalidLength:
        raise ValidationError(
            _("A SIREN number has exactly 9 digits."), code="siren_length"
        ) from None
    except InvalidFormat:
        raise ValidationError(
            _("A SIREN number contains digits only."), code="siren_format"
        ) from None
    except InvalidChecksum:
        raise ValidationError(
            _(
                "This SIREN number is not valid: its check digit does not match. "
                "Copy it again from the company's Kbis or from annuaire-entreprises.data.gouv.fr."
            ),
            code="siren_checksum",
        ) from None
