"""The fictional pacs.008 sample shipped in ``data/pacs008_sample.xml`` and its facts.

Every bank, BIC, person, company and number in it is invented; identifiers are synthetic
with valid check digits (``IIN.make``, ``BIN.make``, ``IBAN.make``). Run this module to
rewrite the file; ``test_ingest_pacs008.py`` checks that the file and this module agree.

Four credit transfers: a domestic payment for goods with ultimate parties and КНП/КОд/КБе,
a cross-border USD prepayment through two intermediary agents, an incoming payment from a
foreign person identified by passport and birth date, and one bad transaction whose amount
is written the Russian way (``1 250 000,00``) on line ``BAD_AMOUNT_LINE``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from kuzet.model.identifiers import BIN, IBAN, IIN

SAMPLE = Path(__file__).parent / "data" / "pacs008_sample.xml"

PERSON_IIN = IIN.make(dt.date(1986, 4, 12), "M", 4101) or ""
ULTIMATE_IIN = IIN.make(dt.date(1962, 11, 3), "F", 2207) or ""
COMPANY_BIN = BIN.make(dt.date(2011, 6, 1), 4, 0, 31337) or ""
ULTIMATE_BIN = BIN.make(dt.date(2019, 2, 1), 4, 0, 4242) or ""

OUR_PERSON_IBAN = IBAN.make("901", "KZT0000000417")
OUR_COMPANY_IBAN = IBAN.make("901", "KZT0000002024")
EXT_COMPANY_IBAN = IBAN.make("902", "KZT0000771100")
FOREIGN_IBAN = IBAN.make("033", "0000123456789012", "AE")
FOREIGN_PERSON_IBAN = IBAN.make("370", "400440532013099", "DE")

OUR_BIC = "DALAKZKA"  # fictional "Dala Bank"
OTHER_KZ_BIC = "SARYKZKA"  # fictional "Saryarka Bank"
DE_BIC = "FALKDEFF"  # fictional "Falkenbank", Frankfurt
US_BIC = "PRRYUS33"  # fictional "Prairie Bank", New York
AE_BIC = "OASIAEAD"  # fictional "Oasis Bank", Abu Dhabi

UETR_1 = "7f3b9c2e-5d41-4a8e-9b6f-1c2d3e4f5a60"


def _party(tag: str, body: str) -> str:
    return f"<{tag}>{body}</{tag}>"


def _agent(tag: str, bic: str, name: str = "") -> str:
    nm = f"<Nm>{name}</Nm>" if name else ""
    return f"<{tag}><FinInstnId><BICFI>{bic}</BICFI>{nm}</FinInstnId></{tag}>"


def _acct(tag: str, iban: str) -> str:
    return f"<{tag}><Id><IBAN>{iban}</IBAN></Id></{tag}>"


def _knp(knp: str, kod: str, kbe: str) -> str:
    return (
        "<RgltryRptg>"
        f"<Dtls><Tp>KNP</Tp><Cd>{knp}</Cd></Dtls>"
        f"<Dtls><Tp>KOD</Tp><Cd>{kod}</Cd></Dtls>"
        f"<Dtls><Tp>KBE</Tp><Cd>{kbe}</Cd></Dtls>"
        "</RgltryRptg>"
    )


def transactions() -> list[str]:
    domestic = "".join(
        [
            "<PmtId><InstrId>DALA-0001</InstrId><EndToEndId>E2E-0001</EndToEndId>",
            f"<UETR>{UETR_1}</UETR></PmtId>",
            '<IntrBkSttlmAmt Ccy="KZT">4850000.00</IntrBkSttlmAmt>',
            "<IntrBkSttlmDt>2024-05-14</IntrBkSttlmDt>",
            "<AccptncDtTm>2024-05-14T10:15:00</AccptncDtTm>",
            "<ChrgBr>SLEV</ChrgBr>",
            _party(
                "UltmtDbtr",
                "<Nm>Серикбаева Айгуль Маратовна</Nm><Id><PrvtId><DtAndPlcOfBirth>"
                "<BirthDt>1962-11-03</BirthDt><CityOfBirth>Караганда</CityOfBirth>"
                f"<CtryOfBirth>KZ</CtryOfBirth></DtAndPlcOfBirth><Othr><Id>{ULTIMATE_IIN}</Id>"
                "</Othr></PrvtId></Id>",
            ),
            _party(
                "Dbtr",
                "<Nm>Жаксылыков Ерлан Болатович</Nm><PstlAdr><Ctry>KZ</Ctry>"
                "<AdrLine>г. Астана, ул. Вымышленная, 7</AdrLine></PstlAdr>"
                f"<Id><PrvtId><Othr><Id>{PERSON_IIN}</Id></Othr></PrvtId></Id>",
            ),
            _acct("DbtrAcct", OUR_PERSON_IBAN),
            _agent("DbtrAgt", OUR_BIC),
            _agent("CdtrAgt", OTHER_KZ_BIC),
            _party(
                "Cdtr",
                "<Nm>ТОО «Дала Трейд»</Nm><PstlAdr><Ctry>KZ</Ctry><TwnNm>Алматы</TwnNm>"
                f"</PstlAdr><Id><OrgId><Othr><Id>{COMPANY_BIN}</Id></Othr></OrgId></Id>",
            ),
            _acct("CdtrAcct", EXT_COMPANY_IBAN),
            _party(
                "UltmtCdtr",
                "<Nm>ТОО «Степной Консалтинг»</Nm>"
                f"<Id><OrgId><Othr><Id>{ULTIMATE_BIN}</Id></Othr></OrgId></Id>",
            ),
            _knp("710", "19", "17"),
            "<RmtInf><Ustrd>Оплата по договору №12 за товары</Ustrd></RmtInf>",
        ]
    )
    cross_border = "".join(
        [
            "<PmtId><InstrId>DALA-0002</InstrId><EndToEndId>E2E-0002</EndToEndId></PmtId>",
            '<IntrBkSttlmAmt Ccy="USD">120000.00</IntrBkSttlmAmt>',
            "<ChrgBr>SHAR</ChrgBr>",
            _party("InitgPty", "<Nm>ТОО «Дала Трейд» бухгалтерия</Nm>"),
            _party(
                "Dbtr",
                "<Nm>ТОО «Дала Трейд»</Nm><PstlAdr><Ctry>KZ</Ctry></PstlAdr>"
                f"<Id><OrgId><Othr><Id>{COMPANY_BIN}</Id></Othr></OrgId></Id>",
            ),
            _acct("DbtrAcct", OUR_COMPANY_IBAN),
            _agent("DbtrAgt", OUR_BIC),
            _agent("IntrmyAgt1", DE_BIC, "Falkenbank AG"),
            _agent("IntrmyAgt2", US_BIC),
            _agent("CdtrAgt", AE_BIC),
            _party(
                "Cdtr",
                "<Nm>Golden Sands General Trading FZE</Nm><PstlAdr><Ctry>AE</Ctry>"
                "<TwnNm>Sharjah</TwnNm></PstlAdr>",
            ),
            _acct("CdtrAcct", FOREIGN_IBAN),
            _party("UltmtCdtr", "<Nm>Harbor Lane Holdings Ltd</Nm><CtryOfRes>SC</CtryOfRes>"),
            "<Purp><Cd>GDDS</Cd></Purp>",
            "<RgltryRptg><Dtls><Inf>KNP 720 KOD 17 KBE 27</Inf></Dtls></RgltryRptg>",
            "<RmtInf><Ustrd>Prepayment, contract 7/2024</Ustrd>",
            "<Ustrd>electronics</Ustrd></RmtInf>",
        ]
    )
    incoming = "".join(
        [
            "<PmtId><EndToEndId>E2E-0003</EndToEndId></PmtId>",
            '<IntrBkSttlmAmt Ccy="KZT">250000.00</IntrBkSttlmAmt>',
            _party(
                "Dbtr",
                "<Nm>Anna Vogel</Nm><PstlAdr><Ctry>DE</Ctry></PstlAdr><Id><PrvtId>"
                "<DtAndPlcOfBirth><BirthDt>1979-08-21</BirthDt><CityOfBirth>Leipzig"
                "</CityOfBirth><CtryOfBirth>DE</CtryOfBirth></DtAndPlcOfBirth>"
                "<Othr><Id>C01X00T47</Id></Othr></PrvtId></Id>",
            ),
            _acct("DbtrAcct", FOREIGN_PERSON_IBAN),
            _agent("DbtrAgt", DE_BIC),
            _agent("CdtrAgt", OUR_BIC),
            _party("Cdtr", "<Nm>Жаксылыков Ерлан Болатович</Nm>"),
            _acct("CdtrAcct", OUR_PERSON_IBAN),
            "<RmtInf><Ustrd>Gift</Ustrd></RmtInf>",
        ]
    )
    bad = "".join(
        [
            "<PmtId><EndToEndId>E2E-0004</EndToEndId></PmtId>",
            '<IntrBkSttlmAmt Ccy="KZT">1 250 000,00</IntrBkSttlmAmt>',
            _party("Dbtr", "<Nm>Жаксылыков Ерлан Болатович</Nm>"),
            _acct("DbtrAcct", OUR_PERSON_IBAN),
            _party("Cdtr", "<Nm>ИП «Сауда»</Nm>"),
            _acct("CdtrAcct", EXT_COMPANY_IBAN),
        ]
    )
    return [domestic, cross_border, incoming, bad]


def _one_element_per_line(xml: str) -> str:
    """Put each element on its own line, indented by depth, as bank systems tend to."""
    out, depth = [], 0
    for piece in re.split(r"(?<=>)\s*(?=<)", xml):
        closing = piece.startswith("</")
        opens_only = not closing and "</" not in piece and not piece.endswith("/>")
        depth -= closing
        out.append("  " * max(depth, 0) + piece)
        depth += opens_only and not piece.startswith(("<?", "<!--"))
    return "\n".join(out) + "\n"


def document() -> str:
    txs = "".join(f"<CdtTrfTxInf>{t}</CdtTrfTxInf>" for t in transactions())
    return _one_element_per_line(
        '<?xml version="1.0" encoding="UTF-8"?>'
        "<!-- Fictional sample: no real bank, person or company. -->"
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08">'
        "<FIToFICstmrCdtTrf>"
        "<GrpHdr><MsgId>DALA-20240514-001</MsgId>"
        "<CreDtTm>2024-05-14T09:30:00+05:00</CreDtTm><NbOfTxs>4</NbOfTxs>"
        "<SttlmInf><SttlmMtd>CLRG</SttlmMtd></SttlmInf></GrpHdr>"
        f"{txs}"
        "</FIToFICstmrCdtTrf>"
        "</Document>"
    )


def bad_amount_line() -> int:
    """The line of the bad transaction's ``IntrBkSttlmAmt`` in the file."""
    for i, line in enumerate(document().splitlines(), start=1):
        if "1 250 000,00" in line:
            return i
    raise AssertionError("the sample has no bad amount")


if __name__ == "__main__":
    SAMPLE.parent.mkdir(parents=True, exist_ok=True)
    SAMPLE.write_text(document(), encoding="utf-8")
    print(f"wrote {SAMPLE}")
