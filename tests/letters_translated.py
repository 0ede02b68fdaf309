"""A full Polish translation of the schedule letter (parent or carer, standard wording), and
Urdu labels, as a translator would write them in the template editor: shared by the unit,
command-line and window tests of translated letters (issue 15, point 7)."""

from __future__ import annotations

import re

_POLISH_SCHEDULE = r'''
title = "Spotkania: {known_as}"
greeting = "Dzień dobry, {recipient_name}!"
closing = "Z wyrazami szacunku"

[[section]]
text = """
Oto daty i godziny spotkań {known_as} w programie {scheme_name}. \
Prosimy zachować ten list i pomóc {known_as} przychodzić punktualnie.
"""

[[section]]
heading = "Spotkania"
block = "sessions"

[[section]]
text = "{known_as} musi ukończyć program do **{deadline_date}**."
requires = ["deadline_date"]

[[section]]
model = "voluntary"
heading = "Jeśli {known_as} nie może przyjść"
text = """
Prosimy zadzwonić do {worker_name} pod numer {worker_phone} przed spotkaniem \
i podać powód. Najpóźniej: {call_by_date}.

Jeśli {known_as} nie weźmie udziału, poinformujemy policję. Nadal można zmienić zdanie.
"""

[[section]]
model = "conditional"
heading = "Jeśli {known_as} nie może przyjść"
text = """
Prosimy zadzwonić do {worker_name} pod numer {worker_phone} przed spotkaniem \
i podać powód. Najpóźniej: {call_by_date}.

Jeśli {known_as} opuści spotkania bez ważnego powodu, policja może wszcząć postępowanie karne.
"""

[labels]
about = "Dotyczy:"
appointment = "Spotkanie"
born = "ur."
continued = "ciąg dalszy"
date = "Data:"
email = "E-mail:"
our_reference = "Nasz znak:"
page = "Strona {page} z {pages}"
phone = "Telefon:"
private = "Prywatne i poufne"
session_date = "Data"
session_place = "Miejsce"
session_time = "Godzina"
session_worker = "Z kim spotkanie"
to = "do"
venue_home_visit = "Wizyta domowa"
venue_online = "Spotkanie przez internet"
venue_provider = "Siedziba organizatora"
venue_school = "Szkoła"
venue_yot_office = "Biuro zespołu"
venue_where = "Gdzie odbywają się spotkania"
venue_join = "Jak dołączyć"
venue_directions = "Jak dojechać"
venue_access = "Dostępność"
worker_role = "Opiekun ds. młodzieży"
'''


def _known_labels(body: str) -> str:
    """The wording without labels this version of the app does not have (yet)."""
    from yot_desktop.letters.wording import LABELS

    head, labels = body.split("[labels]\n")
    kept = [x for x in labels.splitlines() if x.split(" = ")[0] in LABELS]
    return head + "[labels]\n" + "\n".join(kept) + "\n"


POLISH_SCHEDULE = _known_labels(_POLISH_SCHEDULE)

# The Urdu labels of a translation that has not yet done the letter's own text.
URDU_LABELS = {
    "date": "تاریخ:",
    "our_reference": "ہمارا حوالہ:",
    "private": "نجی اور خفیہ",
    "session_date": "تاریخ",
    "session_time": "وقت",
    "session_place": "جگہ",
    "session_worker": "کس سے ملاقات",
    "worker_role": "یوتھ جسٹس کارکن",
}

# The schedule letter's own wording in Urdu (a parent's letter), for the right-to-left layout:
# the labels above go in its [labels] table.
URDU_SCHEDULE = """title = "{known_as} کی ملاقاتیں"
greeting = "محترم {recipient_name}،"
closing = "مخلص،"

[[section]]
text = \"\"\"
{scheme_name} میں {known_as} کے سیشنز کی تاریخیں اور اوقات یہ ہیں۔
براہ کرم یہ خط کسی محفوظ جگہ رکھیں، اور ہر سیشن پر وقت پر پہنچنے میں {known_as} کی مدد کریں۔
\"\"\"

[[section]]
heading = "سیشنز"
block = "sessions"

[[section]]
text = "{known_as} کو یہ پروگرام **{deadline_date}** تک مکمل کرنا ہے۔"
requires = ["deadline_date"]

[[section]]
model = "voluntary"
heading = "اگر {known_as} نہ آ سکے"
text = \"\"\"
براہ کرم سیشن سے پہلے {worker_name} کو {worker_phone} پر فون کریں، اور ہمیں وجہ بتائیں۔
اگر {known_as} بیمار ہو، تو ہم ایک دن کے اندر ثبوت مانگ سکتے ہیں، جیسے ڈاکٹر کا نوٹ۔

اگر {known_as} حصہ نہ لے، تو ہم پولیس کو بتا دیں گے۔
آپ اب بھی اپنا فیصلہ بدل سکتے ہیں: بس ہمیں فون کریں۔
\"\"\"

[[section]]
model = "conditional"
heading = "اگر {known_as} نہ آ سکے"
text = \"\"\"
براہ کرم سیشن سے پہلے {worker_name} کو {worker_phone} پر فون کریں، اور ہمیں وجہ بتائیں۔
اگر {known_as} بیمار ہو، تو ہم ایک دن کے اندر ثبوت مانگ سکتے ہیں، جیسے ڈاکٹر کا نوٹ۔

اگر {known_as} حصہ نہ لے، یا کسی معقول وجہ کے بغیر سیشن چھوڑ دے، تو پولیس مقدمہ چلا سکتی ہے۔
اس کا مطلب عدالت جانا ہو سکتا ہے۔
\"\"\"
"""

# Fixed English words a letter prints that are not the family's own data.
ENGLISH_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
ENGLISH_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ENGLISH_PHRASES = (
    "Private and confidential",
    "Our reference",
    "Dear ",
    "Yours sincerely",
    "Youth justice worker",
    "Who you will meet",
    "Page 1 of",
    "Date:",
    "About:",
    "Phone:",
    "Email:",
    " born ",
    " hour",
    " minutes",
)


def english_left(text: str) -> list[str]:
    """The fixed English words still in a letter's text (month and day names as words)."""
    words = set(re.findall(r"[A-Za-z]+", text))
    found = [w for w in (*ENGLISH_MONTHS, *ENGLISH_DAYS) if w in words]
    flat = " ".join(text.split())
    return found + [p for p in ENGLISH_PHRASES if p in flat]


def with_urdu_labels(body: str) -> str:
    """An opened (English) translation with the Urdu labels put in place."""
    for name, words in URDU_LABELS.items():
        body, count = re.subn(rf'(?m)^{name} = ".*"$', f'{name} = "{words}"', body)
        assert count == 1, name
    return body
