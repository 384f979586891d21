"""The filters of the staff dashboard, the funder report and the exports: region, year,
company — each limited to what the staff member may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django import forms
from django.http import Http404, QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nqt.core.models import Region

from . import kpis

if TYPE_CHECKING:
    from nqt.core.models import User


class KpiFilterForm(forms.Form):
    """Region (its slug; empty for every region in the user's scope), year and company.

    Only the year is checked as a form input (a wrong one shows a message and the current
    year); a region or a company outside the user's scope never reaches the form: the view
    answers 404, as for any object the user may not see.
    """

    region = forms.ChoiceField(label=_("Region"), required=False)
    annee = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    # Checked against the user's scope by ``read_filters`` (404) before the form is built.
    entreprise = forms.ChoiceField(label=_("Company"), required=False)

    def __init__(
        self,
        data,
        *,
        regions: list[Region],
        national: bool,
        companies: list[tuple[int, str]] | None,
        all_years: bool = False,
    ):
        super().__init__(data)
        every = _("All regions") if national else _("All my regions")
        region_choices = [(region.slug, region.name) for region in regions]
        if national or len(regions) > 1:
            region_choices.insert(0, ("", every))
        self.fields["region"].choices = region_choices
        this_year = timezone.localdate().year
        # Values as the query string writes them, for the template to compare with the input.
        years = [(str(year), str(year)) for year in range(this_year, kpis.FIRST_YEAR - 1, -1)]
        if all_years:
            years.insert(0, ("", _("All years")))
        self.fields["annee"].choices = years
        self.fields["annee"].error_messages["invalid_choice"] = _(
            "Choose a year between %(first)s and %(last)s."
        ) % {"first": kpis.FIRST_YEAR, "last": this_year}
        if companies is None:
            del self.fields["entreprise"]
        else:
            self.fields["entreprise"].choices = [
                ("", _("All companies")),
                *((str(pk), name) for pk, name in companies),
            ]


@dataclass(frozen=True)
class RegionChoice:
    """The regions a staff member may see, and the one the filters chose."""

    national: bool  # a national admin: every region, and "all regions" is the whole country
    regions: list[Region]  # those the user may see, by name
    region: Region | None  # None: all the regions of the user's scope

    @property
    def region_ids(self) -> frozenset[int] | None:
        """The scope's regions; None: the whole country."""
        if self.region is not None:
            return frozenset([self.region.pk])
        return None if self.national else frozenset(region.pk for region in self.regions)


@dataclass
class KpiFilters:
    """The filters as chosen, checked against the user's scope."""

    form: KpiFilterForm
    choice: RegionChoice
    scope: kpis.Scope
    company: tuple[int, str] | None
    # ``(id, name)`` of the companies the filter offers (the regions' partners), by name.
    companies: list[tuple[int, str]]
    year: int | None  # None only where all years are offered (exports)

    @property
    def region(self) -> Region | None:
        """The region chosen; None: all the regions of the user's scope."""
        return self.choice.region

    def query(self, **overrides) -> str:
        """The filters as a query string, for links that keep them."""
        params = QueryDict(mutable=True)
        values = {
            "region": self.region.slug if self.region else "",
            "annee": self.year or "",
            "entreprise": self.company[0] if self.company else "",
            **overrides,
        }
        for key, value in values.items():
            if value not in ("", None):
                params[key] = str(value)
        return params.urlencode()


def read_region(user: User, params: QueryDict) -> RegionChoice:
    """The region filter of ``params`` for ``user`` (staff), checked against the regions they
    may see: another one answers 404. One query."""
    national = user.is_superuser
    regions = list(Region.objects.all() if national else user.managed_regions.all())
    slug = params.get("region", "")
    region = None
    if slug:
        region = next((candidate for candidate in regions if candidate.slug == slug), None)
        if region is None:
            raise Http404
    elif len(regions) == 1 and not national:
        region = regions[0]
    return RegionChoice(national=national, regions=regions, region=region)


def read_filters(
    user: User,
    params: QueryDict,
    *,
    with_company: bool = True,
    all_years: bool = False,
    region: RegionChoice | None = None,
    companies: list[tuple[int, str]] | None = None,
) -> KpiFilters:
    """Read the region, year and company filters from ``params`` for ``user`` (staff);
    ``region``: ``read_region`` already run on them; ``companies``: the partner companies of
    its regions already read (``impact.cache.partner_companies``).

    A region the user does not manage, or a company outside the chosen regions, is answered
    with 404 (the same answer as for an unknown one). National admins may choose "all
    regions": the figures then cover the whole country.
    """
    choice = region or read_region(user, params)
    region_ids = choice.region_ids
    company = None
    if not with_company:
        companies = None
    else:
        if companies is None:
            companies = list(kpis.partner_companies(region_ids))
        raw_company = params.get("entreprise", "")
        if raw_company:
            company = next((c for c in companies if str(c[0]) == raw_company), None)
            if company is None:
                raise Http404

    form = KpiFilterForm(
        params,
        regions=choice.regions,
        national=choice.national,
        companies=companies,
        all_years=all_years,
    )
    form.is_valid()
    # Absent, "all years" or wrong (the form then shows why): all years where offered,
    # otherwise this year.
    year = form.cleaned_data.get("annee")
    if year is None and not all_years:
        year = timezone.localdate().year
    scope = kpis.make_scope(
        year=year or timezone.localdate().year,
        region_ids=region_ids,
        company_id=company[0] if company else None,
    )
    return KpiFilters(
        form=form,
        choice=choice,
        scope=scope,
        company=company,
        companies=companies or [],
        year=year,
    )
