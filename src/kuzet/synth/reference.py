"""Reference facts the synthetic Kazakhstan is drawn from: regions, occupations, banks, trade.

Everything here is plain data so that a reader can check a proportion or a price without
reading generator code. Figures are rounded public orders of magnitude (population by region,
wage levels of 2025–2026) or invented where the domain brief says nothing; all bank, merchant,
platform and firm names are fictional. Planters may use these constants (``REGIONS``,
``OCCUPATIONS``, ``OFFSHORE``…) to pass valid values to ``SchemeContext``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Region:
    name: str
    """English name as stored in ``persons.region`` and ``addresses.region``."""
    name_ru: str
    city: str
    """Administrative centre (Russian Cyrillic), used for addresses."""
    kato: str
    """First two digits of the КАТО code ([UNCERTAIN] for the regions formed in 2018–2022)."""
    population: float
    """Millions, rounded: sampling weight."""
    kazakh_share: float
    """Share of ethnic Kazakhs (names); the rest is split between Russian and others."""
    wage_index: float
    """Regional wage level relative to the national average."""


REGIONS: tuple[Region, ...] = (
    Region("Astana", "г. Астана", "Астана", "71", 1.45, 0.80, 1.35),
    Region("Almaty", "г. Алматы", "Алматы", "75", 2.25, 0.62, 1.30),
    Region("Shymkent", "г. Шымкент", "Шымкент", "79", 1.25, 0.68, 0.85),
    Region("Abai Region", "область Абай", "Семей", "10", 0.60, 0.70, 0.85),
    Region("Akmola Region", "Акмолинская область", "Кокшетау", "11", 0.79, 0.55, 0.90),
    Region("Aktobe Region", "Актюбинская область", "Актобе", "15", 0.94, 0.85, 0.95),
    Region("Almaty Region", "Алматинская область", "Конаев", "19", 1.52, 0.70, 0.85),
    Region("Atyrau Region", "Атырауская область", "Атырау", "23", 0.70, 0.93, 1.60),
    Region(
        "West Kazakhstan Region", "Западно-Казахстанская область", "Уральск", "27", 0.69, 0.78, 0.90
    ),
    Region("Zhambyl Region", "Жамбылская область", "Тараз", "31", 1.22, 0.75, 0.75),
    Region("Zhetysu Region", "область Жетісу", "Талдыкорган", "33", 0.70, 0.70, 0.80),
    Region("Karaganda Region", "Карагандинская область", "Караганда", "35", 1.13, 0.55, 1.00),
    Region("Kostanay Region", "Костанайская область", "Костанай", "39", 0.83, 0.45, 0.85),
    Region("Kyzylorda Region", "Кызылординская область", "Кызылорда", "43", 0.83, 0.96, 0.85),
    Region("Mangystau Region", "Мангистауская область", "Актау", "47", 0.78, 0.92, 1.45),
    Region("Pavlodar Region", "Павлодарская область", "Павлодар", "55", 0.75, 0.55, 0.95),
    Region(
        "North Kazakhstan Region",
        "Северо-Казахстанская область",
        "Петропавловск",
        "59",
        0.53,
        0.37,
        0.80,
    ),
    Region("Turkestan Region", "Туркестанская область", "Туркестан", "61", 2.12, 0.80, 0.70),
    Region("Ulytau Region", "область Ұлытау", "Жезказган", "62", 0.22, 0.85, 1.10),
    Region(
        "East Kazakhstan Region",
        "Восточно-Казахстанская область",
        "Усть-Каменогорск",
        "63",
        0.73,
        0.60,
        0.95,
    ),
)
REGION_NAMES: tuple[str, ...] = tuple(r.name for r in REGIONS)
SOUTH_REGIONS = frozenset({"Shymkent", "Turkestan Region", "Zhambyl Region", "Almaty Region"})
"""Regions where Central Asian (Uzbek, Uyghur) names are frequent among non-Kazakhs."""


@dataclass(frozen=True, slots=True)
class Occupation:
    name: str
    median_kzt: float
    """Median declared monthly income, KZT."""
    sigma: float
    """Log-normal spread of income."""
    employed: bool
    """Paid by an employer firm (payroll, ``employee`` relation)."""


OCCUPATIONS: tuple[Occupation, ...] = (
    Occupation("office_worker", 330_000, 0.45, True),
    Occupation("teacher", 290_000, 0.30, True),
    Occupation("doctor", 400_000, 0.40, True),
    Occupation("nurse", 230_000, 0.30, True),
    Occupation("engineer", 450_000, 0.45, True),
    Occupation("it_specialist", 700_000, 0.55, True),
    Occupation("manager", 550_000, 0.55, True),
    Occupation("sales_worker", 220_000, 0.35, True),
    Occupation("driver", 280_000, 0.35, True),
    Occupation("construction_worker", 300_000, 0.35, True),
    Occupation("factory_worker", 270_000, 0.35, True),
    Occupation("oil_gas_worker", 800_000, 0.45, True),
    Occupation("civil_servant", 340_000, 0.35, True),
    Occupation("accountant", 320_000, 0.35, True),
    Occupation("security_guard", 180_000, 0.30, True),
    Occupation("farmer", 160_000, 0.60, False),
    Occupation("entrepreneur", 450_000, 0.90, False),
    Occupation("self_employed", 200_000, 0.70, False),
    Occupation("student", 45_000, 0.80, False),
    Occupation("pensioner", 125_000, 0.30, False),
    Occupation("unemployed", 35_000, 1.00, False),
    Occupation("homemaker", 25_000, 1.00, False),
)
OCCUPATION_INDEX = {o.name: i for i, o in enumerate(OCCUPATIONS)}
WORKING_OCCUPATIONS: tuple[str, ...] = tuple(o.name for o in OCCUPATIONS if o.employed)
WORKING_WEIGHTS: tuple[float, ...] = (
    14,
    7,
    3,
    3,
    6,
    3,
    5,
    10,
    6,
    6,
    6,
    2,
    6,
    4,
    3,
)
PEP_OCCUPATION = "civil_servant"

COUNTRIES_FOREIGN_CITIZENS: tuple[tuple[str, float], ...] = (
    ("RU", 0.34),
    ("UZ", 0.24),
    ("KG", 0.10),
    ("CN", 0.10),
    ("TR", 0.08),
    ("TJ", 0.04),
    ("DE", 0.04),
    ("KR", 0.06),
)
"""Citizenship of foreign persons (residents working in Kazakhstan, students, spouses)."""

OFFSHORE: tuple[str, ...] = ("VG", "KY", "SC", "BZ", "PA", "MH", "BS", "VC", "WS", "AG")
"""Offshore jurisdictions used for foreign structures ([UNCERTAIN]: the official KZ list is
a Ministry of Finance order; these are common entries of such lists)."""
ONSHORE_FOREIGN: tuple[str, ...] = ("CY", "AE", "NL", "GB", "LU", "HK", "CH", "LI", "JE")
"""Holding jurisdictions that are not offshore zones in the KZ sense but often appear in
ownership chains."""
TRADE_PARTNERS: tuple[tuple[str, float], ...] = (
    ("CN", 0.34),
    ("RU", 0.30),
    ("TR", 0.08),
    ("DE", 0.06),
    ("UZ", 0.06),
    ("KR", 0.04),
    ("IT", 0.04),
    ("KG", 0.03),
    ("AE", 0.03),
    ("US", 0.02),
)
"""Foreign-trade counterparty countries by share of contracts."""
TRADE_CURRENCY: dict[str, str] = {
    "CN": "CNY",
    "RU": "RUB",
    "TR": "USD",
    "DE": "EUR",
    "UZ": "USD",
    "KR": "USD",
    "IT": "EUR",
    "KG": "USD",
    "AE": "USD",
    "US": "USD",
}


@dataclass(frozen=True, slots=True)
class BankInfo:
    name: str
    bic: str
    bank_code: str
    share: float
    """Share of retail customers (sampling weight)."""
    kind: str = "bank"
    country: str = "KZ"


BANKS: tuple[BankInfo, ...] = (
    BankInfo("АО «Даладан Банк»", "DLDNKZKA", "911", 0.27),
    BankInfo("АО «Ақсай Банк»", "AKSIKZKA", "912", 0.19),
    BankInfo("АО «Сарыбел Банк»", "SRBLKZKX", "913", 0.13),
    BankInfo("АО «Көктерек Банк»", "KKTRKZKA", "914", 0.11),
    BankInfo("АО «Беласар Банк»", "BLSRKZKA", "915", 0.09),
    BankInfo("АО «Өзен Банк»", "OZENKZKA", "916", 0.07),
    BankInfo("АО «Тұмар Банк»", "TUMRKZKA", "917", 0.06),
    BankInfo("АО «Керімбай Банк»", "KRMBKZKX", "918", 0.04),
    BankInfo("АО «Шалқар Банк»", "SHLKKZKA", "919", 0.03),
    BankInfo("АО «Нұрдәулет Банк»", "NRDLKZKA", "921", 0.01),
    BankInfo("ТОО «Төлем Пэй»", "TLMPKZK2", "931", 0.0, "payment_org"),
    BankInfo("ТОО «Қалта Платежи»", "QLTAKZK2", "932", 0.0, "payment_org"),
)
"""Domestic banks and payment organisations (fictional names, realistic BIC format)."""

FOREIGN_BANKS: tuple[BankInfo, ...] = (
    BankInfo("Harbour Commerce Bank of Ningbo", "HCBNCNBJ", "", 0, "foreign_bank", "CN"),
    BankInfo("Yellow River Trade Bank", "YRTBCNSH", "", 0, "foreign_bank", "CN"),
    BankInfo("Volga Credit Bank", "VLCBRUMM", "", 0, "foreign_bank", "RU"),
    BankInfo("Ural Merchant Bank", "URMBRU2E", "", 0, "foreign_bank", "RU"),
    BankInfo("Bosphorus Ticaret Bankasi", "BSTBTRIS", "", 0, "foreign_bank", "TR"),
    BankInfo("Rheinland Handelsbank", "RHHBDEFF", "", 0, "foreign_bank", "DE"),
    BankInfo("Samarkand Savdo Bank", "SMSBUZ2X", "", 0, "foreign_bank", "UZ"),
    BankInfo("Han River Bank", "HNRBKRSE", "", 0, "foreign_bank", "KR"),
    BankInfo("Banca Lagunare", "BLGNITMM", "", 0, "foreign_bank", "IT"),
    BankInfo("Issyk Commerce Bank", "ISCBKG22", "", 0, "foreign_bank", "KG"),
    BankInfo("Gulf Meridian Bank", "GMRBAEAD", "", 0, "foreign_bank", "AE"),
    BankInfo("Lakeshore National Bank", "LKNBUS33", "", 0, "foreign_bank", "US"),
    BankInfo("Limassol Private Bank", "LMPBCY2N", "", 0, "foreign_bank", "CY"),
    BankInfo("Caribbean Fiduciary Bank", "CFBKVGVG", "", 0, "foreign_bank", "VG"),
    BankInfo("Victoria Harbour Bank", "VHBKHKHH", "", 0, "foreign_bank", "HK"),
)
FOREIGN_BANK_BY_COUNTRY: dict[str, tuple[int, ...]] = {}
for _i, _b in enumerate(FOREIGN_BANKS):
    FOREIGN_BANK_BY_COUNTRY.setdefault(_b.country, ())
    FOREIGN_BANK_BY_COUNTRY[_b.country] += (_i,)
IBAN_COUNTRIES = frozenset({"DE", "TR", "IT", "AE", "CY", "VG", "KZ", "GB", "NL", "LU", "CH"})
"""Countries whose accounts are IBANs (others, e.g. CN, RU, US, use local numbers)."""


@dataclass(frozen=True, slots=True)
class MerchantCategory:
    name: str
    mcc: str
    label_ru: str
    per_100k: float
    """Merchants per 100,000 persons (at least one of each category exists)."""
    national: bool = False
    """Serves the whole country (online); otherwise each merchant belongs to a region."""
    oked: str = "47.19"


MERCHANT_CATEGORIES: tuple[MerchantCategory, ...] = (
    MerchantCategory("grocery", "5411", "продуктовый магазин", 600, oked="47.11"),
    MerchantCategory("restaurant", "5812", "кафе, ресторан", 300, oked="56.10"),
    MerchantCategory("fuel", "5541", "АЗС", 70, oked="47.30"),
    MerchantCategory("pharmacy", "5912", "аптека", 100, oked="47.73"),
    MerchantCategory("clothing", "5651", "одежда и обувь", 110, oked="47.71"),
    MerchantCategory("electronics", "5732", "электроника", 30, oked="47.43"),
    MerchantCategory("transport", "4121", "такси и транспорт", 12, oked="49.32"),
    MerchantCategory("online_shop", "5399", "интернет-магазин", 8, True, "47.91"),
    MerchantCategory("utilities", "4900", "коммунальные услуги", 2, oked="35.30"),
    MerchantCategory("telecom", "4814", "связь", 0.6, True, "61.20"),
    MerchantCategory("travel", "4722", "туристическое агентство", 10, oked="79.11"),
    MerchantCategory("pawnshop", "5933", "ломбард", 25, oked="64.92"),
    MerchantCategory("jewellery", "5944", "ювелирный магазин", 25, oked="47.77"),
    MerchantCategory("car_dealer", "5511", "автосалон", 12, oked="45.11"),
    MerchantCategory("casino", "7995", "казино", 0.6, oked="92.00"),
    MerchantCategory("bookmaker", "7995", "букмекерская контора", 1.2, True, "92.00"),
    MerchantCategory("crypto_licensed", "6051", "криптобиржа (МФЦА)", 0, True, "66.19"),
    MerchantCategory("crypto_unlicensed", "6051", "криптообменник", 0, True, "66.19"),
    MerchantCategory("money_transfer", "4829", "денежные переводы", 0.6, True, "66.19"),
    MerchantCategory("grey_terminal", "5411", "продуктовый магазин", 2, oked="47.11"),
)
MERCHANT_CATEGORY_INDEX = {c.name: i for i, c in enumerate(MERCHANT_CATEGORIES)}
GREY_TERMINAL_MCCS: tuple[str, ...] = ("5411", "7299", "5999")
"""Grey terminals declare an everyday business but take bets (domain §3.2, [S41][S42])."""

CASINO_REGIONS: tuple[str, ...] = ("Almaty Region", "Akmola Region")
"""Land-based casinos are allowed only in designated zones (Konaev/Kapchagay, Burabay)."""

MERCHANT_NAME_PARTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "grocery": (
        ("Дала-Маркет", "Береке", "Дастархан", "Айша", "Кулпынай", "Ақниет", "Жанұя"),
        ("Маркет", "Маркет", "Продукты", "Минимаркет", "Азық", "24"),
    ),
    "restaurant": (
        ("Шанырак", "Тандыр", "Самсахана", "Бешбармак", "Кофейня Дала", "Лагман"),
        ("Кафе", "Бистро", "Ресторан", "Кофе", "Хаус"),
    ),
    "fuel": (("Даланефть", "Сарыарка Ойл", "ТорғайГаз", "Каспий Петрол"), ("АЗС", "АЗС №")),
    "pharmacy": (("Денсаулық", "Дәрі", "Фармация", "Шипа"), ("Аптека", "Фарм", "Плюс")),
    "clothing": (("Модный Квартал", "Жібек", "Алаша", "Стиль"), ("Fashion", "Store", "Бутик")),
    "electronics": (("Техно Дала", "Электроник", "Гаджет"), ("Mart", "Store", "Маркет")),
    "transport": (("Такси Жол", "Жүргінші", "Город Такси"), ("Сервис", "", "24")),
    "online_shop": (("Sauda", "Bazarym", "Qoima", "Tauar", "Dukenim"), (".kz", " Online")),
    "utilities": (("Жылу", "Су Арнасы", "ЭнергоСбыт", "Тазалык"), ("Сервис", "ГКП", "Энерго")),
    "telecom": (("Qazaqline", "DalaMobile", "Aqsai Telecom"), ("", " Mobile")),
    "travel": (("Саяхат", "Жолсерік", "Туран Тур"), ("Travel", "Тур")),
    "pawnshop": (("Алтын Кепіл", "Ломбард Береке", "Сенім"), ("Ломбард", "Кредит")),
    "jewellery": (("Зерен", "Алтын Сақина", "Інжу"), ("Jewellery", "Голд", "Ювелир")),
    "car_dealer": (("Сарыарка Авто", "Дала Моторс", "Каспий Авто"), ("Центр", "Motors")),
    "casino": (("Шұғыла", "Золотой Берег", "Бурабай Палас"), ("Casino", "Resort")),
    "bookmaker": (
        ("Jackpot Arena", "Bet Sarbaz", "Tulpar Bet", "Dala Bet", "BetQazaq"),
        ("", ".kz"),
    ),
    "money_transfer": (("Kerueu Pay", "Jibek Transfer", "Dala Remit"), ("", " Express")),
    "grey_terminal": (("Мини-маркет Ақжол", "Продукты 24", "Дукен"), ("", "+")),
}
"""Name parts of fictional merchants: a first part and a suffix."""

OKED_COMPANY: tuple[tuple[str, str, float], ...] = (
    ("46.90", "Неспециализированная оптовая торговля", 0.12),
    ("46.51", "Оптовая торговля компьютерами", 0.02),
    ("46.46", "Оптовая торговля фармацевтическими товарами", 0.02),
    ("46.73", "Оптовая торговля лесоматериалами и стройматериалами", 0.04),
    ("46.71", "Оптовая торговля топливом", 0.02),
    ("46.21", "Оптовая торговля зерном", 0.02),
    ("47.11", "Розничная торговля продуктами", 0.10),
    ("47.19", "Прочая розничная торговля", 0.05),
    ("41.20", "Строительство жилых и нежилых зданий", 0.09),
    ("43.39", "Прочие отделочные работы", 0.04),
    ("49.41", "Грузовые перевозки автотранспортом", 0.05),
    ("56.10", "Рестораны", 0.04),
    ("62.01", "Разработка программного обеспечения", 0.04),
    ("68.20", "Аренда недвижимости", 0.05),
    ("69.20", "Бухгалтерские услуги", 0.03),
    ("70.22", "Консультирование по вопросам управления", 0.05),
    ("71.12", "Инженерные изыскания", 0.02),
    ("01.11", "Выращивание зерновых", 0.04),
    ("10.71", "Производство хлеба", 0.02),
    ("25.11", "Производство металлоконструкций", 0.02),
    ("06.10", "Добыча нефти", 0.005),
    ("07.10", "Добыча железных руд", 0.005),
    ("85.59", "Прочее образование", 0.03),
    ("86.21", "Общая врачебная практика", 0.03),
    ("80.10", "Частная охрана", 0.02),
    ("96.02", "Парикмахерские", 0.02),
    ("64.92", "Прочее кредитование (МФО, ломбарды)", 0.01),
)
"""ОКЭД activity codes of ordinary companies, with a weight."""
OKED_IP: tuple[tuple[str, float], ...] = (
    ("47.19", 0.22),
    ("47.11", 0.14),
    ("96.02", 0.08),
    ("49.32", 0.08),
    ("45.20", 0.07),
    ("56.10", 0.06),
    ("43.39", 0.06),
    ("62.01", 0.05),
    ("74.10", 0.04),
    ("85.59", 0.04),
    ("01.11", 0.06),
    ("68.20", 0.05),
    ("49.41", 0.05),
)
"""ОКЭД codes of individual entrepreneurs."""

FIRM_NAME_FIRST: tuple[str, ...] = (
    "Сарыарқа",
    "Алатау",
    "Көктем",
    "Жетісу",
    "Тұран",
    "Дала",
    "Керуен",
    "Нұр",
    "Астық",
    "Шығыс",
    "Батыс",
    "Болашақ",
    "Береке",
    "Ақ Жол",
    "Жібек",
    "Каспий",
    "Бірлік Строй",
    "Алтай",
    "Есіл",
    "Ертіс",
    "Тараз",
    "Қазына",
    "Orda",
    "Kerey Group",
    "Qazaq",
    "Steppe",
    "Nomad",
    "Aral",
    "Balkhash",
    "Tulpar",
    "Sunkar",
    "Kokpar",
    "Altyn Sapa",
    "Saryarka",
    "Inzhu",
    "Bereke",
    "Dostyq",
    "Ulan",
    "Zhuldyz",
    "Kemel",
    "Talap",
    "Samal",
)
FIRM_NAME_SUFFIX: dict[str, tuple[str, ...]] = {
    "46": ("Трейд", "Снаб", "Импорт", "Торг", "Trade", "Supply", "Distribution"),
    "47": ("Маркет", "Торг", "Retail", "Store"),
    "41": ("Строй", "Құрылыс", "Development", "Construction"),
    "43": ("Ремонт", "Отделка", "СтройСервис"),
    "49": ("Логистик", "Транс", "Cargo", "Logistics"),
    "56": ("Фуд", "Кейтеринг", "Food"),
    "62": ("Софт", "IT", "Tech", "Digital"),
    "68": ("Недвижимость", "Property", "Estate"),
    "69": ("Аудит", "Учет", "Finance"),
    "70": ("Консалтинг", "Consulting", "Group", "Invest"),
    "64": ("Кредит", "Finance", "Микрокредит"),
}
FIRM_NAME_SUFFIX_DEFAULT: tuple[str, ...] = ("Групп", "Сервис", "Компани", "Plus", "KZ", "Азия")
FOREIGN_FIRM_WORDS: tuple[str, ...] = (
    "Marlow",
    "Aster",
    "Cedar",
    "Northgate",
    "Silverline",
    "Baltic",
    "Orion",
    "Harbor",
    "Kestrel",
    "Linden",
    "Meridian",
    "Sable",
    "Tamarind",
    "Westbrook",
    "Juniper",
    "Halcyon",
    "Corvid",
    "Everest",
    "Falcon",
    "Granite",
    "Ivory",
    "Lotus",
    "Maple",
    "Onyx",
    "Pioneer",
)
FOREIGN_FIRM_KIND: tuple[str, ...] = (
    "Holdings",
    "Capital",
    "Trading",
    "Investments",
    "Ventures",
    "Group",
    "Resources",
    "Commodities",
    "Industrial",
    "Logistics",
)
FOREIGN_FORM_BY_COUNTRY: dict[str, str] = {
    "VG": "Ltd",
    "KY": "Ltd",
    "SC": "Ltd",
    "BZ": "Ltd",
    "PA": "S.A.",
    "MH": "Inc.",
    "BS": "Ltd",
    "VC": "LLC",
    "WS": "Ltd",
    "AG": "Ltd",
    "CY": "Limited",
    "AE": "FZE",
    "NL": "B.V.",
    "GB": "Ltd",
    "LU": "S.à r.l.",
    "HK": "Limited",
    "CH": "AG",
    "LI": "Anstalt",
    "JE": "Limited",
    "CN": "Co., Ltd.",
    "RU": "ООО",
    "TR": "Ltd. Şti.",
    "DE": "GmbH",
    "UZ": "MChJ",
    "KR": "Co., Ltd.",
    "IT": "S.r.l.",
    "KG": "ОсОО",
    "US": "Inc.",
}

STREETS: tuple[str, ...] = (
    "ул. Абая",
    "пр. Республики",
    "ул. Сейфуллина",
    "ул. Толе би",
    "ул. Кенесары",
    "пр. Туран",
    "ул. Жибек жолы",
    "ул. Байтурсынова",
    "ул. Валиханова",
    "ул. Ауэзова",
    "мкр. Самал",
    "мкр. Аксай",
    "мкр. Жетысу",
    "ул. Гагарина",
    "ул. Пушкина",
    "ул. Ленина",
    "ул. Мира",
    "ул. Достык",
    "пр. Абылай хана",
    "ул. Курмангазы",
    "ул. Желтоксан",
    "ул. Сатпаева",
    "ул. Тимирязева",
    "ул. Розыбакиева",
    "ул. Майлина",
    "ул. Жамбыла",
    "ул. Бокейханова",
    "ул. Кабанбай батыра",
    "ул. Момышулы",
    "ул. Бейбитшилик",
)
"""Street names common to Kazakh cities (public place names, not personal data)."""

NOTARIES_PER_REGION = 6
REALTOR_NAMES: tuple[str, ...] = (
    "ТОО «Үй Риэлти»",
    "ТОО «Пәтер Плюс»",
    "ТОО «Дала Недвижимость»",
    "ИП «Қоныс Агент»",
    "ТОО «Жаңа Үй»",
    "ТОО «Астана Хоум»",
)


@dataclass(frozen=True, slots=True)
class HsGood:
    hs_code: str
    description: str
    unit: str
    unit_price_usd: float
    """Reference unit price (USD): the centre of honest invoices."""
    oked: tuple[str, ...]
    """Activity codes of firms that plausibly trade it."""
    direction: str
    """``import`` or ``export``."""


HS_GOODS: tuple[HsGood, ...] = (
    HsGood("8471300000", "Ноутбуки", "шт", 450.0, ("46.51", "46.90"), "import"),
    HsGood("8517130000", "Смартфоны", "шт", 210.0, ("46.51", "46.90"), "import"),
    HsGood("8703231908", "Легковые автомобили", "шт", 17_500.0, ("46.90",), "import"),
    HsGood("8429521000", "Экскаваторы", "шт", 95_000.0, ("46.90", "41.20"), "import"),
    HsGood("7208510000", "Прокат стальной листовой", "т", 640.0, ("46.73", "25.11"), "import"),
    HsGood("3004900002", "Лекарственные средства", "кг", 32.0, ("46.46",), "import"),
    HsGood("6403990000", "Обувь", "пар", 17.0, ("46.90",), "import"),
    HsGood("6109100000", "Футболки хлопковые", "шт", 3.8, ("46.90",), "import"),
    HsGood("0803900000", "Бананы свежие", "кг", 0.85, ("46.90",), "import"),
    HsGood("8418102001", "Холодильники бытовые", "шт", 290.0, ("46.90", "46.51"), "import"),
    HsGood("9403600000", "Мебель деревянная", "шт", 115.0, ("46.90", "46.73"), "import"),
    HsGood("4011100003", "Шины для легковых автомобилей", "шт", 52.0, ("46.90",), "import"),
    HsGood("8708999709", "Автозапчасти", "кг", 11.0, ("46.90",), "import"),
    HsGood("3923210000", "Пакеты полимерные", "кг", 2.1, ("46.90",), "import"),
    HsGood("8481808199", "Арматура трубопроводная", "шт", 44.0, ("46.90", "46.71"), "import"),
    HsGood("1001990000", "Пшеница", "т", 225.0, ("46.21", "01.11"), "export"),
    HsGood("7403110000", "Катоды медные", "т", 9_100.0, ("46.90",), "export"),
    HsGood("2601110000", "Руды железные", "т", 95.0, ("07.10", "46.90"), "export"),
    HsGood("2709009001", "Нефть сырая", "т", 540.0, ("06.10", "46.71"), "export"),
    HsGood("1101001100", "Мука пшеничная", "т", 290.0, ("10.71", "46.21"), "export"),
)
"""Goods of ordinary foreign trade by HS (ТН ВЭД) code, with reference unit prices."""

NARRATIVES_P2P: tuple[str, ...] = (
    "Перевод",
    "Перевод по номеру телефона",
    "Перевод с карты на карту",
    "Для мамы",
    "На подарок",
    "Долг",
    "Возврат долга",
    "На продукты",
    "Ақша аудару",
    "За обед",
    "Қарызды қайтару",
    "Тойға",
    "На учебу",
    "Анама",
    "Спасибо",
)
NARRATIVES_BILLS: tuple[str, ...] = (
    "Оплата коммунальных услуг",
    "Коммунальные платежи",
    "Оплата за электроэнергию",
    "Оплата за отопление",
    "Оплата за воду",
    "Оплата за вывоз ТБО",
)
NARRATIVES_B2B: tuple[str, ...] = (
    "Оплата по счету за товар",
    "Оплата за товар согласно договору поставки",
    "Оплата за услуги согласно договору",
    "Оплата по счету на оплату",
    "Оплата за выполненные работы",
    "Оплата за транспортные услуги",
    "Предоплата за товар",
    "Оплата за аренду помещения",
)


def weights(pairs: tuple[tuple[str, float], ...]) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Split ``(value, weight)`` pairs into values and normalised weights."""
    total = sum(w for _, w in pairs)
    return tuple(v for v, _ in pairs), tuple(w / total for _, w in pairs)


@dataclass(frozen=True, slots=True)
class PlatformInfo:
    name: str
    domain: str
    licensed: bool
    operator_form: str
    operator_country: str = "KZ"


CRYPTO_PLATFORMS: tuple[PlatformInfo, ...] = (
    PlatformInfo("Steppecoin Exchange", "steppecoin-x.kz", True, "ТОО"),
    PlatformInfo("Tulpar Digital Markets", "tulpar-dm.kz", True, "ТОО"),
    PlatformInfo("Nomad X Exchange", "nomadx-exchange.kz", True, "ТОО"),
    PlatformInfo("Baige Crypto AIFC", "baige-crypto.kz", True, "ТОО"),
    PlatformInfo("Saryarka Digital Assets", "sda-exchange.kz", True, "АО"),
    PlatformInfo("CryptoSwap24", "cryptoswap24-obmen.com", False, "ТОО"),
    PlatformInfo("FastCoin Obmen", "fastcoin-obmen.net", False, "ТОО"),
    PlatformInfo("P2P Tenge Desk", "p2p-tenge-desk.io", False, "Ltd", "SC"),
    PlatformInfo("BitStep Change", "bitstep-change.org", False, "ТОО"),
    PlatformInfo("ObmenBot KZ", "t.me/obmenbot_kz_demo", False, "Ltd", "VG"),
    PlatformInfo("Swift Crypto Point", "swiftcryptopoint.cc", False, "ТОО"),
)
"""Fictional crypto platforms: AFSA-licensed (integrated with local banks) and unlicensed."""
CRYPTO_ASSETS: tuple[tuple[str, str, float, float], ...] = (
    ("tron", "USDT", 0.55, 515.0),
    ("bitcoin", "BTC", 0.25, 48_000_000.0),
    ("ethereum", "ETH", 0.15, 1_700_000.0),
    ("tron", "TRX", 0.05, 130.0),
)
"""(chain, asset, share of ordinary purchases, approximate KZT price)."""
