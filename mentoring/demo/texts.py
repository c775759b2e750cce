"""Handwritten demo texts in Swedish and Finnish: bios, the field people aim for, interests.

Each person writes in their own language, as real people would; a bio is three sentences
drawn from a small bank (who they are, what they aim for, something about them), so the
demo reads like a programme's profiles rather than lorem ipsum.
"""

from __future__ import annotations

import random

# The field each person aims for or works in, in Swedish and Finnish.
FIELDS = {
    "sv": (
        "IT-support",
        "systemutveckling",
        "vårdadministration",
        "redovisning",
        "kundtjänst",
        "logistik",
        "undervisning",
        "butik och handel",
        "offentlig förvaltning",
    ),
    "fi": (
        "IT-tuki",
        "ohjelmistokehitys",
        "terveydenhuollon hallinto",
        "kirjanpito",
        "asiakaspalvelu",
        "logistiikka",
        "opetus",
        "kauppa",
        "julkishallinto",
    ),
}

INTERESTS = {
    "sv": (
        "matlagning",
        "fotboll",
        "musik",
        "fotografering",
        "vandring",
        "datorspel",
        "läsning",
        "trädgård",
        "volontärarbete",
        "löpning",
        "schack",
        "hantverk",
    ),
    "fi": (
        "ruoanlaitto",
        "jalkapallo",
        "musiikki",
        "valokuvaus",
        "retkeily",
        "pelaaminen",
        "lukeminen",
        "puutarhanhoito",
        "vapaaehtoistyö",
        "juoksu",
        "shakki",
        "käsityöt",
    ),
}

_PARTICIPANT_STARTS = {
    "sv": (
        "Jag har jobbat åtta år inom hemtjänsten och vill nu byta bana.",
        "Jag kom till Sverige 2019 och har läst SFI och Komvux.",
        "Jag är utbildad ekonom från Syrien och söker mitt första jobb i Sverige.",
        "Efter tio år i butik vill jag arbeta mer med datorer.",
        "Jag blev uppsagd från lagret i våras och letar efter något nytt.",
        "Jag har undervisat i matematik i Somalia och vill bli lärare här.",
        "Jag gick ut gymnasiets IT-program förra året.",
        "Jag har drivit en egen restaurang i många år.",
        "Jag har kört buss i femton år men vill omskola mig.",
        "Jag är undersköterska och vill bli säkrare på vårdens digitala system.",
    ),
    "fi": (
        "Olen työskennellyt kotihoidossa kahdeksan vuotta ja haluan nyt vaihtaa alaa.",
        "Muutin Suomeen vuonna 2019 ja olen opiskellut suomea aikuisopistossa.",
        "Olen kouluttautunut ekonomiksi Irakissa ja etsin ensimmäistä työtäni Suomessa.",
        "Kymmenen vuoden kaupassa työskentelyn jälkeen haluan tehdä enemmän töitä tietokoneella.",
        "Jäin keväällä työttömäksi varastolta ja etsin uutta suuntaa.",
        "Olen opettanut matematiikkaa Somaliassa ja haluan opettajaksi täälläkin.",
        "Valmistuin viime vuonna ammattikoulusta datanomiksi.",
        "Pyöritin omaa ravintolaa monta vuotta.",
        "Olen ajanut bussia viisitoista vuotta, mutta haluan kouluttautua uudelleen.",
        "Olen lähihoitaja ja haluan oppia käyttämään hoitotyön järjestelmiä varmemmin.",
    ),
}
_MENTOR_STARTS = {
    "sv": (
        "Jag har arbetat som IT-tekniker i femton år och vill ge något tillbaka.",
        "Jag är pensionerad ekonomichef och har tid över för mentorskap.",
        "Jag rekryterar själv och vet hur ett bra CV och en intervju ser ut.",
        "Jag kom själv till Sverige som vuxen och vet hur det är att börja om.",
        "Jag leder ett team i kundtjänst och har introducerat många nyanställda.",
        "Jag är utvecklare och har handlett praktikanter i flera år.",
    ),
    "fi": (
        "Olen työskennellyt IT-tukihenkilönä viisitoista vuotta ja haluan antaa jotain takaisin.",
        "Olen eläkkeellä oleva talouspäällikkö, ja minulla on aikaa mentorointiin.",
        "Rekrytoin itse ja tiedän, millainen on hyvä CV ja työhaastattelu.",
        "Muutin itse Suomeen aikuisena ja tiedän, millaista on aloittaa alusta.",
        "Johdan asiakaspalvelutiimiä ja olen perehdyttänyt monta uutta työntekijää.",
        "Olen ohjelmistokehittäjä ja olen ohjannut harjoittelijoita monta vuotta.",
    ),
}
_PARTICIPANT_AIMS = {
    "sv": (
        "Mitt mål är ett jobb inom {field}.",
        "Jag vill gärna komma in på {field}, först genom praktik.",
        "Jag siktar på {field} och behöver bli bättre på de digitala verktygen.",
    ),
    "fi": (
        "Tavoitteeni on työpaikka alalta: {field}.",
        "Haluaisin päästä alalle {field}, aluksi vaikka harjoitteluun.",
        "Tähtään alalle {field} ja haluan oppia digitaaliset työkalut paremmin.",
    ),
}
_MENTOR_AIMS = {
    "sv": (
        "Jag kan mest om {field} och hjälper gärna till med ansökningar.",
        "Jag delar gärna det jag kan om {field}.",
    ),
    "fi": (
        "Tunnen parhaiten alan {field} ja autan mielelläni hakemusten kanssa.",
        "Jaan mielelläni sen, mitä tiedän alasta {field}.",
    ),
}
_ENDINGS = {
    "sv": (
        "Jag lär mig snabbt och tycker om att hjälpa andra.",
        "På fritiden umgås jag helst med familjen.",
        "Jag föredrar att träffas på kvällar eller helger.",
        "Jag är nyfiken och ställer gärna frågor.",
        "Jag tycker om att lösa problem tillsammans med andra.",
    ),
    "fi": (
        "Opin nopeasti ja autan mielelläni muita.",
        "Vapaa-ajallani vietän aikaa perheeni kanssa.",
        "Tapaan mieluiten iltaisin tai viikonloppuisin.",
        "Olen utelias ja kysyn mielelläni.",
        "Ratkon mielelläni ongelmia yhdessä muiden kanssa.",
    ),
}


def bio(rng: random.Random, locale: str, field: str, *, helper: bool) -> str:
    """Three sentences in ``locale``: who the person is, what they aim for, something more."""
    starts = _MENTOR_STARTS if helper else _PARTICIPANT_STARTS
    aims = _MENTOR_AIMS if helper else _PARTICIPANT_AIMS
    return " ".join(
        (
            rng.choice(starts[locale]),
            rng.choice(aims[locale]).format(field=field),
            rng.choice(_ENDINGS[locale]),
        )
    )
