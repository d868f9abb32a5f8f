"""Names: the official Kazakh→Russian rules, patronymics, passport Latin and the variants an
investigator meets (domain brief §8.2–8.3)."""

from __future__ import annotations

import numpy as np
import pytest

from kuzet.synth import name_data as nd
from kuzet.synth import names
from kuzet.synth.names import LATIN_STYLES, Name


def stem(text: str) -> int:
    return nd.KAZAKH_STEMS.index(text)


def given(text: str, pool: tuple[str, ...] = nd.KAZAKH_MALE) -> int:
    return pool.index(text)


def texts(name: Name) -> set[str]:
    return {v.text for v in names.variants(name)}


@pytest.mark.parametrize(
    ("kk", "ru"),
    [
        ("Нұрлан", "Нурлан"),
        ("Әсел", "Асел"),
        ("Қайрат", "Кайрат"),
        ("Ғалым", "Галым"),
        ("Мөлдір", "Молдир"),
        ("Үміт", "Умит"),
        ("Ибраһим", "Ибрахим"),
        ("Асайын", "Асаин"),
        ("Шыңғыс", "Шынгыс"),
    ],
)
def test_russian_rendering_follows_the_official_instruction(kk: str, ru: str) -> None:
    assert names.kk_to_ru(kk) == ru


@pytest.mark.parametrize(
    ("father", "sex", "patronymic"),
    [
        ("Серик", "M", "Серикович"),
        ("Серик", "F", "Сериковна"),
        ("Сергей", "M", "Сергеевич"),
        ("Юрий", "F", "Юрьевна"),
        ("Николай", "M", "Николаевич"),
        ("Игорь", "M", "Игоревич"),
        ("Михаил", "F", "Михайловна"),
        ("Илья", "M", "Ильич"),
        ("Жумабай", "M", "Жумабаевич"),
    ],
)
def test_russian_patronymics(father: str, sex: str, patronymic: str) -> None:
    assert names.ru_patronymic(father, sex) == patronymic


def test_a_soviet_registered_kazakh_name_and_its_variants() -> None:
    n = Name(
        "kazakh",
        "M",
        given("Нұрлан"),
        stem("Жанбұлат"),
        given("Серік"),
        "ov",
        "ovich",
        soviet_dzh=True,
        latin=0,
    )
    assert n.ru() == ("Джанбулатов", "Нурлан", "Серикович")
    assert n.kk() == ("Жанбұлатов", "Нұрлан", "Серикович")
    assert n.lat() == "DZHANBULATOV NURLAN"
    all_texts = texts(n)
    for expected in (
        "Жанбулатов Нурлан Серикович",  # Ж instead of Дж
        "Жанбулат Нурлан Серикович",  # suffix dropped
        "Жанболат Нурлан Серикович",  # у/о within one family
        "Жанбұлатұлы Нұрлан Серікұлы",  # Kazakh-style surname and patronymic
        "Джанбулатов Нурлан Серикулы",
        "Нурлан Серикович Джанбулатов",  # given name first
        "ZHANBULATOV NURLAN",
        "JANBULATOV NURLAN",
        "Dzhanbulatov Nurlan",
        "JANBŪLATOV NŪRLAN",  # 2021 Kazakh Latin
    ):
        assert expected in all_texts, expected


def test_a_woman_takes_feminine_forms_and_kyzy() -> None:
    n = Name(
        "kazakh",
        "F",
        given("Айгерім", nd.KAZAKH_FEMALE),
        stem("Жұмабай"),
        given("Қайрат"),
        "uly",
        "uly",
    )
    assert n.kk() == ("Жұмабайқызы", "Айгерім", "Қайратқызы")
    assert n.ru() == ("Жумабайкызы", "Айгерим", "Кайраткызы")
    all_texts = texts(n)
    assert "Жумабаева Айгерим Кайратовна" in all_texts
    assert "Жумабай Айгерим" in all_texts


def test_passport_latin_choices_per_letter() -> None:
    style = {s.label: s for s in LATIN_STYLES}
    icao = style["passport:Zh/Dzh/Kh/Iu/Ia/I"]
    assert names.to_latin("Юлия Яковлева", LATIN_STYLES[0]) == "Yuliya Yakovleva"
    assert names.to_latin("Юлия Яковлева", icao) == "Iuliia Iakovleva"
    assert names.to_latin("Ахмет Хасенов") == "Akhmet Khasenov"
    assert names.to_latin("Ахмет", style["passport:Zh/Dzh/H/Yu/Ya/Y"]) == "Ahmet"
    assert names.to_latin("Айдос") == "Aydos"
    assert names.to_latin("Айдос", icao) == "Aidos"
    assert names.to_latin("Жанар", style["passport:J/J/Kh/Yu/Ya/Y"]) == "Janar"


def test_kazakh_latin_2021() -> None:
    k = names.LATIN_STYLES[names.KAZAKH_2021]
    assert names.to_latin("Нұрсұлтан", k) == "Nūrsūltan"
    assert names.to_latin("Шыңғыс", k) == "Şyñğys"
    assert names.to_latin("Әсел Қасымова", k) == "Äsel Qasymova"
    assert names.latin_upper("Aigerım", k) == "AİGERIM"


def test_russian_and_foreign_names() -> None:
    r = Name(
        "russian",
        "F",
        given("Юлия", nd.RUSSIAN_FEMALE),
        nd.RUSSIAN_SURNAMES.index("Яковлев"),
        given("Ярослав", nd.RUSSIAN_MALE),
        latin=1,
    )
    assert r.ru() == ("Яковлева", "Юлия", "Ярославовна")
    assert r.lat() == "IAKOVLEVA IULIIA"
    assert "YAKOVLEVA YULIYA" in texts(r)
    c = Name("CN", "M", 0, 0, None, patronymic_style="none")
    assert c.ru() == ("Ван", "Лэй", None)
    assert c.lat() == "WANG LEI"
    assert "Van Ley" in texts(c)


def test_rendered_columns_agree_with_single_names() -> None:
    rng = np.random.default_rng(5)
    n = 400
    origin = rng.integers(0, len(names.ORIGINS), n).astype(np.int8)
    female = rng.random(n) < 0.5
    arrays = names.draw_names(rng, origin, female, rng.integers(1940, 2008, n).astype(np.int32))
    cols = names.render_columns(arrays)
    for i in range(n):
        name = arrays.name(i)
        ru = name.ru()
        assert cols["last_name"][i].as_py() == ru[0]
        assert cols["first_name"][i].as_py() == ru[1]
        assert cols["patronymic"][i].as_py() == ru[2]
        assert cols["name_ru"][i].as_py() == names.full(ru)
        assert cols["name_kk"][i].as_py() == names.full(name.kk())
        assert cols["name_lat"][i].as_py() == name.lat()
        assert cols["name_ru"][i].as_py() in texts(name)


def test_generated_population_shows_the_variation() -> None:
    rng = np.random.default_rng(9)
    n = 20_000
    arrays = names.draw_names(
        rng, np.zeros(n, np.int8), rng.random(n) < 0.5, rng.integers(1945, 2008, n).astype(np.int32)
    )
    ru = names.render_columns(arrays)["last_name"].to_pylist()
    assert any(s.startswith("Дж") for s in ru)
    assert any(s.endswith("улы") for s in ru) and any(s.endswith("кызы") for s in ru)
    assert any(s.endswith(("ов", "ев", "ин")) for s in ru)
    assert any(not s.endswith(("ов", "ев", "ин", "ова", "ева", "ина", "улы", "кызы")) for s in ru)
