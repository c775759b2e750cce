"""Common Swedish, Finnish and English words that say nothing about a person.

Left in, they were the words two descriptions most often shared ("your descriptions both
mention och, att, jag"); the text similarity and its reasons skip them. Written as the
vectoriser sees them: lower case, with their accents (in Swedish and Finnish "ä" is a
letter of its own, not an accented "a").
"""

from __future__ import annotations

import unicodedata

__all__ = ["STOP_WORDS"]

_SWEDISH = """
alla allt andra att av bara blev bli blir då de dem den denna deras dess det detta dig din
dina ditt du där efter eftersom ej eller en ett fast fler flera för från gärna gör ha hade
han har hela helst hen henne hennes honom hon hos hur här i ibland igen inom innan inte jag
ju kan kommer kunde lite man med medan mellan men mer mest mig min mina mitt mot mycket
många någon något några när nu och också om oss på så sade sedan sig sin sina sitt själv
ska skulle som till tycker under upp ut utan vad var vara varit vi vid vill år är även över
"""
_FINNISH = """
ei eikä en enemmän ennen et että ettei hän hänen he heidän heitä hyvin itse ja jo joka
jolla jonka jos jota jotta kanssa kaikki kun kuin kuitenkin lisäksi me mielelläni mikä
minä minua minulla minulle minun minusta mitä mitkä muiden muita mutta muut myös ne niin
nyt ole olen olet oli olin olla olleet ollut on ovat paljon se sekä sen siinä sinä sitä
tai te tämä tämän tässä tätä vaan vai vain voi voin vuotta yli
"""
_ENGLISH = """
a about after all also am an and any are as at be been but by can did do for from had has
have he her him his how i if in into is it its me more my no not now of on or our she so
some than that the their them then there they this to too us very was we were what when
which who will with would you your
"""


STOP_WORDS: frozenset[str] = frozenset(
    unicodedata.normalize("NFC", word)
    for text in (_SWEDISH, _FINNISH, _ENGLISH)
    for word in text.split()
)
