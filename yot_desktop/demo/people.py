"""Invented young people and their families for the demo (never real people).

Names come from the many backgrounds of families in the Thames Valley, in their own spelling:
a name with an accent, or in another script, is a normal name (Łukasz, Siobhán, Zoë, Nguyễn).
Children have names of their generation and parents of theirs; a parent's first name agrees
with the relationship recorded (a mother has a woman's name), and where a language gives a
surname a woman's form (Kowalska, Begum) the mother has it.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from faker.providers.person.en_GB import Provider as _EnGb

# Showcase names: every first demo holds each of them (search and PDFs must cope).
# (first name, last name, gender, background)
SHOWCASE: tuple[tuple[str, str, str, str], ...] = (
    ("Łukasz", "Kowalski", "male", "polish"),
    ("Siobhán", "O'Brien", "female", "irish"),
    ("Thị Mai", "Nguyễn", "female", "vietnamese"),
    ("Zoë", "Ağaoğlu", "female", "turkish"),
    ("Seán", "Ó Súilleabháin", "male", "irish"),
    ("Chloé", "Dubois", "female", "european"),
    ("Oğuz", "Yılmaz", "male", "turkish"),
    ("Małgorzata", "Wiśniewska", "female", "polish"),
    ("José", "García-López", "male", "european"),
    ("Aoife", "Mac Giolla Bhríde", "female", "irish"),
    ("Dmitrij", "Šťastný", "male", "roma"),
    ("Ana", "Ştefănescu", "female", "romanian"),
    ("Björn", "Søndergård", "male", "european"),
    ("Αλέξανδρος", "Παπαδόπουλος", "male", "european"),
    ("Марія", "Шевченко", "female", "ukrainian"),
    ("Chukwuemeka", "Okonkwo-Adeyemi", "male", "west_african"),
)
UNICODE_NAMES = [(first, last) for first, last, _g, _b in SHOWCASE]

# A relationship that says whether the carer is a woman or a man; others say neither.
RELATIONSHIP_GENDER = {
    "Mother": "female",
    "Stepmother": "female",
    "Grandmother": "female",
    "Aunt": "female",
    "Father": "male",
    "Stepfather": "male",
    "Grandfather": "male",
    "Uncle": "male",
}


@dataclass(frozen=True)
class Background:
    """Names of one family background: children's, parents', surnames; the ONS 2021 codes
    such families most often give (weighted); the family's language besides English."""

    weight: float
    girls: tuple[str, ...]
    boys: tuple[str, ...]
    women: tuple[str, ...]
    men: tuple[str, ...]
    # A surname, or (a man's form, a woman's form) where the language has both.
    surnames: tuple[str | tuple[str, str], ...]
    ethnicities: tuple[tuple[str, int], ...]
    languages: tuple[str, ...] = ()


def _t(text: str) -> tuple[str, ...]:
    return tuple(text.split(", "))


BACKGROUNDS: dict[str, Background] = {
    "british": Background(
        64,
        _t(
            "Olivia, Amelia, Isla, Ava, Mia, Ivy, Lily, Freya, Poppy, Grace, Evie, Ella, "
            "Millie, Sophie, Ruby, Isabelle, Daisy, Phoebe, Holly, Erin, Megan, Amber, "
            "Lacey, Courtney, Caitlin, Eleanor, Harriet, Imogen, Niamh-Rose, Tegan"
        ),
        _t(
            "Oliver, George, Noah, Arthur, Harry, Leo, Jack, Charlie, Oscar, Jacob, Henry, "
            "Thomas, Alfie, Riley, Archie, Freddie, Theo, Joshua, Logan, Tyler, Kai, Mason, "
            "Ethan, Callum, Kieran, Connor, Lewis, Reece, Jayden, Finley"
        ),
        tuple(_EnGb.first_names_female),
        tuple(_EnGb.first_names_male),
        tuple(_EnGb.last_names),
        (("W1", 84), ("M3", 4), ("M1", 3), ("M4", 2), ("W3", 2), ("NS", 5)),
    ),
    "irish": Background(
        3,
        _t("Siobhán, Aoife, Niamh, Caoimhe, Saoirse, Róisín, Orla, Clodagh"),
        _t("Seán, Oisín, Cian, Darragh, Ciarán, Pádraig, Conor, Eoin"),
        _t("Bríd, Máire, Deirdre, Gráinne, Sinéad"),
        _t("Séamus, Diarmuid, Declan, Dónal, Colm"),
        _t("O'Brien, Murphy, Kelly, O'Connor, Byrne, Ó Súilleabháin, Mac Giolla Bhríde"),
        (("W2", 80), ("W3", 10), ("W1", 10)),
    ),
    "polish": Background(
        4,
        _t("Zuzanna, Wiktoria, Zofia, Julia, Hanna, Maja, Oliwia, Małgorzata"),
        _t("Jakub, Kacper, Mikołaj, Szymon, Filip, Antoni, Wojciech, Łukasz"),
        _t("Agnieszka, Katarzyna, Joanna, Ewa, Beata, Dorota"),
        _t("Piotr, Tomasz, Krzysztof, Paweł, Marek, Grzegorz"),
        (
            ("Kowalski", "Kowalska"),
            ("Wiśniewski", "Wiśniewska"),
            ("Lewandowski", "Lewandowska"),
            ("Zieliński", "Zielińska"),
            ("Dąbrowski", "Dąbrowska"),
            "Nowak",
            "Wójcik",
        ),
        (("W5", 95), ("NS", 5)),
        ("Polish",),
    ),
    "romanian": Background(
        2,
        _t("Ioana, Andreea, Bianca, Alexandra, Ana"),
        _t("Andrei, Ștefan, Mihai, Alexandru, Ionuț, Darius"),
        _t("Elena, Mihaela, Gabriela, Florentina"),
        _t("Gheorghe, Vasile, Florin, Cătălin"),
        _t("Popescu, Ştefănescu, Ionescu, Dumitru, Munteanu"),
        (("W5", 85), ("W4", 15)),
        ("Romanian",),
    ),
    "roma": Background(
        0.5,
        _t("Denisa, Nikola, Kristýna"),
        _t("Dmitrij, Radek, Patrik"),
        _t("Jarmila, Renata"),
        _t("Ladislav, Milan"),
        (("Šťastný", "Šťastná"), ("Horváth", "Horváthová"), ("Dužda", "Duždová")),
        (("W4", 90), ("W5", 10)),
        ("Czech", "Slovak"),
    ),
    "portuguese": Background(
        1,
        _t("Inês, Beatriz, Leonor, Mariana"),
        _t("João, Tiago, Rodrigo, Gonçalo"),
        _t("Conceição, Fernanda, Sónia"),
        _t("António, Rui, Sérgio"),
        _t("Silva, Santos, Gonçalves, Ferreira, Araújo"),
        (("W5", 100),),
        ("Portuguese",),
    ),
    "european": Background(
        1,
        _t("Chloé, Léa, Zoë, Anouk, Ingrid, Lucía"),
        _t("José, Mateo, Björn, Luca, Matteo, Niklas"),
        _t("Élodie, Carmen, Annika"),
        _t("François, Javier, Jürgen"),
        _t("Dubois, García-López, Søndergård, Rossi, Müller, Fernández"),
        (("W5", 90), ("M4", 10)),
    ),
    "ukrainian": Background(
        0.8,
        _t("Sofiia, Anastasiia, Daryna"),
        _t("Bohdan, Maksym, Artem"),
        _t("Olena, Iryna, Nataliia"),
        _t("Oleksandr, Serhii, Andrii"),
        _t("Kovalenko, Bondarenko, Tkachenko, Shevchenko"),
        (("W5", 100),),
        ("Ukrainian",),
    ),
    "pakistani": Background(
        5,
        _t("Aisha, Maryam, Zainab, Hafsa, Alisha, Inaya"),
        _t("Muhammad, Ibrahim, Hamza, Bilal, Zain, Rayyan"),
        _t("Nasreen, Shabana, Rukhsana, Saima, Farzana"),
        _t("Tariq, Imran, Naveed, Asif, Khalid"),
        _t("Khan, Hussain, Ahmed, Iqbal, Mahmood, Akhtar, Raza"),
        (("A4", 90), ("M1", 5), ("NS", 5)),
        ("Urdu", "Punjabi"),
    ),
    "indian": Background(
        3,
        _t("Anaya, Diya, Ishita, Riya, Saanvi"),
        _t("Arjun, Rohan, Aarav, Vihaan, Kabir"),
        _t("Sunita, Meena, Kavita, Anjali"),
        _t("Rajesh, Sanjay, Vikram, Amit"),
        _t("Patel, Sharma, Gill, Shah, Mistry, Sandhu"),
        (("A3", 90), ("M1", 5), ("NS", 5)),
        ("Gujarati", "Punjabi"),
    ),
    "bangladeshi": Background(
        1.5,
        _t("Nusrat, Sumaiya, Tasnim, Ruqayyah"),
        _t("Rahim, Sami, Tanvir, Arif"),
        _t("Rokeya, Shirin, Halima"),
        _t("Abdul, Jamal, Shahid"),
        (("Uddin", "Begum"), ("Miah", "Begum"), "Rahman", "Chowdhury", "Islam"),
        (("A1", 95), ("NS", 5)),
        ("Bengali",),
    ),
    "west_african": Background(
        2.5,
        _t("Chiamaka, Adaeze, Amara, Ifeoma, Abena, Akosua"),
        _t("Chukwuemeka, Emeka, Kwame, Kofi, Tunde, Chidi"),
        _t("Ngozi, Folake, Yetunde, Ama"),
        _t("Olumide, Kwabena, Babatunde, Chinedu"),
        _t("Okafor, Adeyemi, Okonkwo-Adeyemi, Mensah, Boateng, Asante"),
        (("B1", 85), ("M2", 10), ("NS", 5)),
    ),
    "somali": Background(
        1,
        _t("Hodan, Amina, Sagal, Ayan"),
        _t("Abdi, Abdirahman, Mohamed, Liban"),
        _t("Faadumo, Hawa, Khadra"),
        _t("Yusuf, Abdullahi, Mahad"),
        _t("Ali, Hassan, Warsame, Farah, Mohamud"),
        (("B1", 90), ("NS", 10)),
        ("Somali",),
    ),
    "caribbean": Background(
        2,
        _t("Shanice, Tia, Jade, Keisha, Aaliyah"),
        _t("Tyrone, Jaden, Malachi, Kemar, Jermaine"),
        _t("Marcia, Paulette, Beverley, Yvonne"),
        _t("Winston, Delroy, Errol, Clive"),
        _t("Campbell, Clarke, Francis, Thompson, Williams, Reid"),
        (("B2", 55), ("M3", 35), ("NS", 10)),
    ),
    "chinese": Background(
        0.8,
        _t("Mei, Xinyi, Jiayi, Yuting"),
        _t("Hao, Zhiyuan, Junjie, Ka Ho"),
        _t("Li Na, Xiaoling, Yan"),
        _t("Jianguo, Wei Ming, Zhiqiang"),
        _t("Chen, Wang, Li, Zhang, Wong, Liu"),
        (("A2", 95), ("NS", 5)),
        ("Cantonese", "Mandarin"),
    ),
    "vietnamese": Background(
        0.6,
        _t("Thị Mai, Ngọc Anh, Linh, Thảo"),
        _t("Minh, Đức, Quang, Tuấn"),
        _t("Thị Lan, Thị Hoa"),
        _t("Văn Hùng, Văn Nam"),
        _t("Nguyễn, Trần, Phạm, Lê"),
        (("A5", 100),),
        ("Vietnamese",),
    ),
    "turkish": Background(
        1,
        _t("Zeynep, Elif, Ecem, Rojda, Zoë"),
        _t("Oğuz, Emre, Baran, Kerem"),
        _t("Ayşe, Fatma, Gülsüm"),
        _t("Mehmet, Mustafa, Hüseyin"),
        _t("Yılmaz, Ağaoğlu, Demir, Kaya, Şahin, Doğan"),
        (("O2", 60), ("W5", 25), ("M4", 15)),
        ("Turkish", "Kurdish"),
    ),
    "arab": Background(
        0.8,
        _t("Layla, Noor, Yasmin, Rania"),
        _t("Omar, Yousef, Karim, Adam"),
        _t("Huda, Samira, Rasha"),
        _t("Ahmad, Walid, Nabil"),
        _t("Al-Sayed, Haddad, Mansour, Al-Khatib"),
        (("O1", 95), ("NS", 5)),
        ("Arabic",),
    ),
}

# Every first name, by the gender it is given to (the demo never gives one to both).
FEMALE_NAMES = frozenset(n for b in BACKGROUNDS.values() for n in (*b.girls, *b.women)) | {
    first for first, _l, gender, _b in SHOWCASE if gender == "female"
}
MALE_NAMES = frozenset(n for b in BACKGROUNDS.values() for n in (*b.boys, *b.men)) | {
    first for first, _l, gender, _b in SHOWCASE if gender == "male"
}

TOWNS = {
    "WB": ("Newbury", "Thatcham", "Hungerford"),
    "WM": ("Maidenhead", "Windsor"),
    "OX": ("Oxford", "Banbury", "Abingdon", "Didcot"),
}
# Postcode districts of each town (so an address reads as a real one would).
_DISTRICTS = {
    "Newbury": ("RG14",),
    "Thatcham": ("RG18", "RG19"),
    "Hungerford": ("RG17",),
    "Maidenhead": ("SL6",),
    "Windsor": ("SL4",),
    "Oxford": ("OX1", "OX2", "OX3", "OX4"),
    "Banbury": ("OX16",),
    "Abingdon": ("OX14",),
    "Didcot": ("OX11",),
}
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
# Age at the offence: most children referred for possession are 14 to 17.
AGE_WEIGHTS = ((10, 1), (11, 2), (12, 4), (13, 8), (14, 14), (15, 20), (16, 25), (17, 24))
COMMUNICATION = (
    "Needs short sentences and extra time",
    "Dyslexia: give letters in plain type with space between lines",
    "Speech and language difficulties: check understanding by asking them to explain back",
)
SEND = (
    "EHCP: speech, language and communication",
    "ADHD (diagnosed); short sessions work best",
    "Autism: prefers a quiet room and notice of any change",
)


@dataclass(frozen=True)
class CarerPlan:
    name: str
    relationship: str
    parental_responsibility: bool
    phone: str
    email: str
    preferred_language: str
    letter_preference: str


@dataclass(frozen=True)
class PersonPlan:
    """An invented child: everything intake or the person record holds about them."""

    first_name: str
    last_name: str
    gender: str
    date_of_birth: date
    ethnicity: str
    address_line_1: str
    town: str
    postcode: str
    school: str
    first_language: str
    interpreter_needed: bool
    communication_needs: str
    send_needs: str
    looked_after: bool
    exploitation_concern: bool
    carers: tuple[CarerPlan, ...] = field(default=())


def _weighted(rng: random.Random, pairs: Sequence[tuple[str, float]]) -> str:
    return rng.choices([k for k, _ in pairs], [w for _, w in pairs])[0]


def _surname(entry: str | tuple[str, str], gender: str) -> str:
    if isinstance(entry, str):
        return entry
    return entry[1] if gender == "female" else entry[0]


def _surname_entry(background: Background, surname: str) -> str | tuple[str, str]:
    """The surname entry a child's surname came from (so a parent can take the right form)."""
    for entry in background.surnames:
        if surname in ((entry,) if isinstance(entry, str) else entry):
            return entry
    return surname


def ascii_word(text: str) -> str:
    """'Łukasz' -> 'lukasz' for an invented email address; '' for other scripts."""
    plain = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    return "".join(ch for ch in plain if ch.isascii() and ch.isalpha()).lower()


class PeopleMaker:
    """Invents children and families from one seeded random source (deterministic)."""

    def __init__(self, rng: random.Random, fake: Any) -> None:
        """`fake`: a seeded en_GB Faker, for street and school names."""
        self.rng = rng
        self.fake = fake
        self.streets = [fake.street_address().replace("\n", ", ") for _ in range(400)]
        self.schools = sorted(
            {
                f"{fake.last_name()} {kind}"
                for kind in ("Academy", "School", "College", "High School")
                for _ in range(12)
            }
        )
        self.taken: set[tuple[str, str, date]] = set()
        self._weights = [(k, b.weight) for k, b in BACKGROUNDS.items()]
        self._phones = 0

    # --- the child ------------------------------------------------------------------------
    def child(
        self,
        team: str,
        offence: date,
        *,
        name: tuple[str, str, str, str] | None = None,
        age: int | None = None,
    ) -> PersonPlan:
        rng = self.rng
        if name is not None:
            first, last, gender, key = name
            background = BACKGROUNDS[key]
        else:
            key = _weighted(rng, self._weights)
            background = BACKGROUNDS[key]
            gender = rng.choices(("female", "male", "other", "not known"), (34, 60, 3, 3))[0]
            as_name = gender if gender in ("female", "male") else rng.choice(("female", "male"))
            first = rng.choice(background.girls if as_name == "female" else background.boys)
            last = _surname(rng.choice(background.surnames), as_name)
        if age is None:
            age = int(_weighted(rng, [(str(a), w) for a, w in AGE_WEIGHTS]))
        born = self._birthday(offence, age)
        while (first, last, born) in self.taken:  # one identity, one person
            born -= timedelta(days=1)
        self.taken.add((first, last, born))
        town = rng.choice(TOWNS[team])
        language = rng.choice(background.languages) if background.languages else "English"
        newly_arrived = language != "English" and rng.random() < 0.2
        looked_after = rng.random() < 0.06
        return PersonPlan(
            first_name=first,
            last_name=last,
            gender=gender,
            date_of_birth=born,
            ethnicity=_weighted(rng, background.ethnicities),
            address_line_1=rng.choice(self.streets),
            town=town,
            postcode=self.postcode(town),
            school=rng.choice(self.schools),
            first_language=language if newly_arrived else "English",
            interpreter_needed=newly_arrived and rng.random() < 0.5,
            communication_needs=rng.choice(COMMUNICATION) if rng.random() < 0.35 else "",
            send_needs=rng.choice(SEND) if rng.random() < 0.2 else "",
            looked_after=looked_after,
            exploitation_concern=rng.random() < 0.08,
            carers=self.carers(background, first, last, gender, language, looked_after),
        )

    def _birthday(self, offence: date, age: int) -> date:
        """A date of birth giving `age` on the offence date."""
        try:
            latest = offence.replace(year=offence.year - age)
        except ValueError:  # 29 February
            latest = offence.replace(year=offence.year - age, day=28)
        return latest - timedelta(days=self.rng.randint(0, 360))

    def postcode(self, town: str) -> str:
        rng = self.rng
        inward = f"{rng.randint(1, 9)}{rng.choice(_INWARD_LETTERS)}{rng.choice(_INWARD_LETTERS)}"
        return f"{rng.choice(_DISTRICTS[town])} {inward}"

    # --- the family -----------------------------------------------------------------------
    def carers(
        self,
        background: Background,
        child_first: str,
        child_last: str,
        child_gender: str,
        language: str,
        looked_after: bool,
    ) -> tuple[CarerPlan, ...]:
        rng = self.rng
        entry = _surname_entry(background, child_last)
        out: list[CarerPlan] = []
        if looked_after:
            gender = rng.choice(("female", "male"))
            british = BACKGROUNDS["british"]
            first = rng.choice(british.women if gender == "female" else british.men)
            name = f"{first} {rng.choice(british.surnames)}"
            out.append(self._carer(name, "Foster carer", False, "English"))
            if rng.random() < 0.5:
                out.append(self._parent(background, entry, "Mother", language))
            return tuple(out)
        shape = rng.random()
        if shape < 0.62:
            out.append(self._parent(background, entry, "Mother", language))
            if rng.random() < 0.45:
                out.append(self._parent(background, entry, "Father", language))
        elif shape < 0.78:
            out.append(self._parent(background, entry, "Father", language))
        elif shape < 0.86:
            out.append(self._parent(background, entry, "Mother", language))
            out.append(self._parent(background, None, "Stepfather", language))
        elif shape < 0.95:
            relationship = rng.choice(("Grandmother", "Grandmother", "Grandfather"))
            out.append(self._parent(background, entry, relationship, language, pr=False))
        else:
            relationship = rng.choice(("Aunt", "Uncle"))
            out.append(self._parent(background, entry, relationship, language, pr=False))
        return tuple(out)

    def _parent(
        self,
        background: Background,
        entry: str | tuple[str, str] | None,
        relationship: str,
        language: str,
        *,
        pr: bool = True,
    ) -> CarerPlan:
        rng = self.rng
        gender = RELATIONSHIP_GENDER[relationship]
        first = rng.choice(background.women if gender == "female" else background.men)
        # Mothers often keep their own surname; step-parents have their own.
        own = entry is None or (gender == "female" and rng.random() < 0.25)
        source = rng.choice(background.surnames) if own or entry is None else entry
        name = f"{first} {_surname(source, gender)}"
        preferred = language if language != "English" and rng.random() < 0.6 else "English"
        return self._carer(name, relationship, pr, preferred)

    def _carer(self, name: str, relationship: str, pr: bool, language: str) -> CarerPlan:
        rng = self.rng
        self._phones += 1
        local = ".".join(w for w in (ascii_word(p) for p in name.split()) if w)
        email = f"{local or 'family'}{self._phones}@example.com" if rng.random() < 0.6 else ""
        return CarerPlan(
            name=name,
            relationship=relationship,
            parental_responsibility=pr,
            phone=f"07700 900{self._phones % 1000:03d}",
            email=email,
            preferred_language=language,
            letter_preference="email" if email and rng.random() < 0.5 else "post",
        )
