"""Police referral CSV rows for the intake tests: realistic, invented, dated before NOW."""

from __future__ import annotations

HEADER = (
    "crime_reference,referral_date,scheme,referring_officer,first_name,last_name,"
    "date_of_birth,gender,address_line_1,town,postcode,parent_name,parent_phone,parent_email,"
    "offence_date,substance,quantity,unit,supply_suspected"
)


def row(
    ref: str,
    first: str = "Łukasz",
    last: str = "Kowalski",
    dob: str = "14/03/2011",
    *,
    scheme: str = "WB",
    referral: str = "2026-11-02",
    offence: str = "2026-10-30",
    substance: str = "cannabis",
    quantity: str = "2.5",
    unit: str = "g",
    supply: str = "no",
    postcode: str = "rg14 1ab",
    parent: str = "Anna Kowalska",
    phone: str = "07700 900123",
    email: str = "",
) -> str:
    return (
        f"{ref},{referral},{scheme},PC Jane Hollis,{first},{last},{dob},male,12 Oxford Road,"
        f"Newbury,{postcode},{parent},{phone},{email},{offence},{substance},{quantity},{unit},"
        f"{supply}"
    )


def csv_text(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"
