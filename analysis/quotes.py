"""Who speaks: attributed statements (direct, reported and mixed speech) with speaker and carrier.

``attribute_quotes(article)`` finds every attributed statement in an article and says who made
it, what kind of source that is and through which outlet it reaches the reader. The work is cut
into the steps of the BBC's Citron and the SFU Gender Gap Tracker:

1. **quotation spans**: paired double quotation marks, straight or curly, inside a paragraph;
   an opening mark left unclosed runs to the end of its paragraph (the convention for a quote
   carried on into the next paragraph, and the graceful reading of a missing mark);
2. **cues**: reporting verbs and phrases from ``lexicons/reporting_verbs.csv`` (one compiled
   regular expression), each with its frame (say, tell, directive, characterise, ...);
3. **source and content**: around each cue, the subject (the source mention) and the content
   clause, in the shapes of news English: "X said (that) S", "S, X said", "S, said X",
   "According to X, S", "X urged Y to ...", "X described Y as "..."", quotes with the cue
   before, inside or after, continuation quotes without a cue, and the "A:" answers of a
   Q&A interview;
4. **speaker**: the mention resolved by :class:`analysis.speakers.SpeakerResolver` to a
   canonical name with role, affiliation, type and country; ``via`` is the outlet that
   carries the statement ("told the Global Times", "according to Xinhua").

The records follow the attribution schema (``tests/data/quotes/README.md`` and the dev set's
``SCHEMA.md`` / ``ANNOTATION.md``). Not handled: quotes inside single quotation marks as
direct speech (single marks only make a paraphrase ``mixed``), quotes that run over several
paragraphs with no repeated opening mark, reported speech whose content is in an earlier
sentence than its cue ("..." was what he said), and non-English text (it gives no records,
or the few that English reporting verbs in it happen to frame).
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

import pandas as pd

from .article import DATELINE_RE, Article
from .frames import nullable_ints, typed_frame
from .paths import LEXICON_DIR
from .speakers import Speaker, outlet_name, speaker_resolver

SCHEMA_COLUMNS = [
    "article_id", "start", "end", "quote", "kind", "cue", "speaker", "speaker_mention",
    "speaker_type", "speaker_country", "via",
]
"""The attribution record's fields, in schema order (what ``--format jsonl`` prints)."""

QUOTE_COLUMNS = SCHEMA_COLUMNS + [
    "paragraph", "sentence", "role", "affiliation", "cue_start", "cue_end", "speaker_start", "speaker_end",
]
"""Columns of :func:`attribute_quotes`: the schema's fields, then position and speaker profile."""

# ---------------------------------------------------------------------------------------------
# Patterns: the closed-class grammar the rules read (quotation marks, prepositions, time words).
# Word lists about content (verbs, roles, outlets) are data files in lexicons/.

OPEN_MARKS = "“„«"
CLOSE_MARKS = "”»"
STRAIGHT = '"'
DOUBLE_MARKS = OPEN_MARKS + CLOSE_MARKS + STRAIGHT
_MARK_RE = re.compile(r'["“”„«»]')
# A single quotation mark used as a quotation (not an apostrophe): opens after a space or bracket
# and closes before a space or punctuation; used only to tell a mixed paraphrase from an indirect one.
_SINGLE_PAIR_RE = re.compile(r"(?:(?<=[\s(\[])|^)['‘][^\s'‘’][^'‘’\n]*?[^\s'‘’]['’](?=[\s.,;:!?)]|$)")
class _LazyPattern:
    """A regular expression built from the word lists on first use (no file is read at import)."""

    def __init__(self, build, flags: int = 0):
        self._build, self._flags, self._re = build, flags, None

    def __getattr__(self, name):
        if self._re is None:
            self._re = re.compile(self._build(), self._flags)
        value = getattr(self._re, name)
        setattr(self, name, value)  # later uses find it without this call
        return value


@lru_cache(maxsize=None)
def _words(word_class: str) -> str:
    """The words of one class of ``lexicons/quote_words.csv`` as a regex alternation (longest first)."""
    with open(LEXICON_DIR / "quote_words.csv", encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        words = sorted({r["word"] for r in rows if r["class"] == word_class}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)


_LOWER_RUN_RE = re.compile(r"[a-z]{3}")
_WORD_RE = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*")
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
# Adverbials that may stand between a source and its cue ("Xi on Tuesday called on", "he also said").
_ADVERB = (
    rf"(?:also|further|later|then|again|publicly|reportedly|previously|earlier|once|repeatedly|recently|"
    rf"separately|subsequently|too|first|finally|however|immediately|quickly|already|even|now|still|"
    rf"has|have|had|would|will|did|does|do|may|might|could|had\s+also|has\s+also|"
    rf"(?:on|last|this|next|late|early)\s+(?:{_WEEKDAY}|week|month|year|night|morning|evening|afternoon)|"
    rf"{_WEEKDAY}|yesterday|today|tonight|in\s+{_MONTH}|on\s+{_MONTH}\s+\d{{1,2}})"
)
_TRAILING_ADVERBS_RE = re.compile(rf"(?:[\s,]+{_ADVERB})+\s*,?\s*$", re.I)
# The words that may end such an adverbial (a test of one word, before the search)
_ADVERB_LAST_WORD_RE = re.compile(
    rf"{_ADVERB}|week|month|year|night|morning|evening|afternoon|{_MONTH}|\d{{1,2}}", re.I
)
# Adjuncts between a cue and its "that" ("said on Monday when meeting X that", "noted in the meeting that").
_ADJUNCT_THAT_RE = re.compile(
    rf"(?:,?\s+(?:on|in|at|during|when|while|after|before|last|this|late|earlier|later|yesterday|today|"
    rf"{_WEEKDAY}|again|also|repeatedly|publicly|separately|recently|once|previously|further|then|"
    rf"through|via|over|from|to|with|by|as|ahead|following|for|citing|quoting)\b[^.;:\"“”]{{0,140}}?)?,?\s+that\s+",
    re.I,
)
_THAT_RE = re.compile(r",?\s*that\s+", re.I)
# What may follow a cue that ends its sentence ("S, X said on Monday in a statement.").
_TIME_TAIL_RE = re.compile(
    rf"\A(?:\s*,?\s*(?:on|in|at|during|last|this|late|early|earlier|later|after|before|when|while|"
    rf"yesterday|today|tonight|{_WEEKDAY}|via|through|from)\b[^\"“”]*)?\s*[.!?]?\s*\Z",
    re.I,
)
_STATEMENT_RE = re.compile(r"\s+in\s+(?:a|an|its|his|her|their)\s+(?:joint\s+|written\s+|brief\s+)?statement\b", re.I)
# Clause openers that start a leading adverbial before the subject ("When addressing the summit, Xi said").
_LEADING_ADVERBIAL_RE = re.compile(
    r"\A(?:According|To|Late|Early|In|On|At|When|While|After|Before|During|Despite|Against|Ahead|Referring|Speaking|Following|"
    r"Amid|Since|As|Although|Though|However|Meanwhile|But|And|Earlier|Later|Last|This|Yesterday|Today|"
    r"Separately|For|With|Under|Asked|Responding|Addressing|Commenting|Writing|Citing|Quoting|Like|"
    r"Unlike|If|Once|Still|Moreover|Furthermore|Instead|Then|Now|Over|Through|By|From|Within|Upon|"
    r"Also|Nonetheless|Nevertheless|Indeed|Similarly|Likewise|Overall|Here|There|Again|So|Yet|Thus)\b",
    re.I,
)
_PRONOUN_RE = re.compile(r"\A(?:he|she|they|it|we|i|you|both|one|this|that|which|who|someone|some|others)\Z", re.I)
_BAD_SUBJECT_RE = re.compile(
    r"\A(?:the|a|an|this|that|these|those|it|there|which|who|what|when|where|and|but|or|to|of|in|on|"
    r"at|for|with|by|as|is|was|be|been|being|not|no)\Z",
    re.I,
)
_PASSIVE_BEFORE_RE = re.compile(r"(?:\b(?:is|are|was|were|be|been|being|widely|so)\s+)$", re.I)
_DETERMINER_BEFORE_RE = re.compile(r"(?:\b(?:a|an|the|this|that|these|those|his|her|its|their|our|my|your|no|any|every|each|such)|['’]s|s['’])\s+$", re.I)
# A finite verb near the start of a bare content clause ("indicated 68 people were missing").
_CLAUSE_VERB_RE = re.compile(
    r"\A(?:\S+\s+){1,8}?(?:is|are|was|were|will|would|could|can|should|may|might|must|has|have|had|"
    r"do|does|did|won't|isn't|aren't|wasn't|weren't|[a-z]{3,}ed)\b"
)
_BARE_TIME_RE = re.compile(
    rf"\s+(?:(?:(?:on|last|this|late|early)\s+)?(?:{_WEEKDAY}|yesterday|today|tonight|week|month|year|night|morning|evening)\b"
    rf"|in\s+(?:{_MONTH}|\d{{4}})(?:\s+\d{{4}})?|on\s+{_MONTH}\s+\d{{1,2}}|(?:earlier|later)\s+this\s+(?:week|month|year))\b,?",
    re.I,
)
_PREP_START_RE = re.compile(
    r"\A(?:to|for|with|about(?!\s+\d)|of|on|at|in|into|by|from|goodbye|hello|yes|no|so|nothing|anything|"
    r"something|more|little|much)\b",
    re.I,
)
_VERBISH_RE = _LazyPattern(
    lambda: rf"\b(?:[a-z]+ed|is|was|were|are|has|had|have|will|would|can|could|says|{_words('past_verb')})\b"
)
# After a directive's complement: a trailing meeting adjunct belongs to the narration, not the content.
_MEETING_TAIL_RE = _LazyPattern(
    lambda: r"\s+(?:in|during|at|when)\s+(?:a|an|the|his|her|their|its)\s+(?:[\w-]+\s+){0,2}"
    rf"(?:{_words('occasion_noun')})\b.*\Z",
    re.I | re.S,
)
# a quoted fragment that ends a paraphrase, then a clause of the writer's: ("showing off," as the ...)
_QUOTE_THEN_CLAUSE_RE = re.compile(r",[\"”]\s+(?=(?:as|because|while|since|after|before|when|which|who|whereas|although)\b)")
_APPOSITIVE_RELATIVE_RE = re.compile(r",\s*(?:who|whom|whose|which|in\s+a|in\s+an|in\s+his|in\s+her|in\s+its|in\s+their|speaking|writing)\b[^,;]*(?:,|$)|,\s*\d{1,3}(?=\s*,)")
_ISSUED_BY_RE = re.compile(r"\b(?:released|issued|published|posted|signed|delivered|written)\s+by\s+", re.I)
# Sources that name no one: "according to traffic camera footage", "according to estimates".
_UNIDENTIFIED_SOURCE_RE = _LazyPattern(lambda: rf"\b(?:{_words('unidentified_noun')})\s*\Z", re.I)
_VIEW_NOUN_RE = _LazyPattern(lambda: rf"\b(?:{_words('view_noun')})\b", re.I)
# "urged the embassy to reconsider and spoke with X": the second verb is the subject's, not the content's
_COORDINATED_VP_RE = re.compile(
    r",?\s+and\s+(?:then\s+|also\s+|later\s+)?(?:[a-z]{3,}ed|spoke|gave|met|took|made|held|went|left|told|said|wrote|sent|began|saw)\b"
)
_SUBORDINATOR_RE = re.compile(r"(?:With|While|Although|Though|Whereas|As|When|If|Because|Since|After|Before|Even\s+though)\s+")
_ANTECEDENT_RE = re.compile(
    r"(?P<np>(?:(?:the|The)\s+)?(?:[A-Z][\w'’.-]*\s+(?:(?:of|and|for|on)\s+(?:the\s+)?)?)*[A-Z][\w'’.-]*(?:\s+\([A-Z]+\))?"
    r"|(?:the|a|an|The|A|An)\s+[a-z][\w'’-]*(?:\s+[a-z][\w'’-]*)?|(?<=[Ww]ith )[a-z][\w'’-]*s)\s*,\s*(?:which|who)\s*$"
)
_COLON_END_RE = re.compile(r"[:;]\s*$")
_SINGULAR_NAME_END_RE = re.compile(r"\b[A-Z][\w'’-]*[^s\W]\s+$")
_PLURAL_PRONOUN_END_RE = re.compile(r"\b(?:I|We|They|You)\s+$")
_SPACES_RE = re.compile(r"\s+")
_CLAUSE_OPENER_RE = re.compile(r"\s+(?:the|a|an|that|this|these|those|it|they|he|she|his|her|its|their)\b", re.I)
# ", by way of example," between a cue and its content
_PARENTHETICAL_RE = re.compile(r",\s*(?:by|for|in|at|on|as|according|among|without|with)\b[^,;:\"“”]{1,40},\s")
_APPOSITIVE_NAME_RE = re.compile(r",\s*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){1,3}\s*,")
_CITING_IN_SUBJECT_RE = re.compile(r",\s*(?:citing|quoting)\s+(?P<inner>[^,]+?)\s*,?\s*$")
# A writer's gloss after the reported content, in three forms, each with the word it needs:
# ", as 16 more MPs have ...", "... despite ...", " - which can lead to ...".
_GLOSS_RES = (
    (",", re.compile(r",\s+(?:as(?!\s+(?:well|much|many|long|soon|far|of|a\s+result)\b)|while|whereas|although|though|because|since|despite)\s")),
    ("despite", re.compile(r"\s+despite\s")),
    ("which", re.compile(r"\s+[-–—]\s+which\s")),
)
_NARRATION_TIME_RE = re.compile(
    r"\s+(?:in\s+the\s+(?:week|weeks|days|months?|run-up)\s+(?:leading\s+up\s+to|before|after|ahead\s+of)\b"
    r"|after\s+(?P<clause>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}\s+))"
)
_PARTICIPLE_TAIL_RE = re.compile(
    rf"(?:\s+(?:(?:on|in|at|last|this|late|early)\s+)?(?:{_WEEKDAY}|[\w ]{{1,30}}?))?\s*,\s*(?:(?:and|also|further|then)\s+)*[a-z]+ing\b"
)
_QA_RE = re.compile(r"(?P<who>[QA])\s*[:.)–—-]\s*", re.I)
_INTERVIEW_RE = re.compile(
    r"(?=[Iiast])"  # the phrases' first letters: lets the scan skip other positions quickly
    r"\b(?:[Ii]n\s+(?:a|an)\s+(?:\w+\s+){0,2}interview\s+with|(?:spoke|speaking|talked|talking)\s+(?:to|with|on)|"
    r"(?:said|told)\s+in\s+an\s+interview\s+with|interviewed\s+by|appearance\s+on|appearing\s+on)\s+"
    r"(?P<outlet>(?:the\s+|The\s+)?[A-Z][\w'’&.-]*(?:\s+(?:of\s+)?[A-Z][\w'’&.-]*){0,4})"
)
_QUOTING_RE = re.compile(r",?\s*(?:quoting|citing)\s+", re.I)
# Small patterns of the rules below, compiled once.
_SENTENCE_STOP_RE = re.compile(r"[.!?…](?:[\"”’')]*)(?:\s|\Z)")
_TO_END_RE = re.compile(r"\bto\s+$")
_BY_START_RE = re.compile(r"\s+by\b")
_AUXILIARY_START_RE = re.compile(r"(?:has|have|had|is|are|was|were|will|would|can|could|may|might|must|should)\b")
_AS_START_RE = re.compile(r"As\s")
_ING_START_RE = re.compile(r"[a-z]+ing\b")
_TO_VERB_START_RE = re.compile(r"to\s+[a-z]")
_COMMA_END_RE = re.compile(r",\s*$")
_AS_WORD_RE = re.compile(r"as(?<=\bas)\b")  # r"\bas\b", written to start with its letters (a fast scan)
_PRESENT_VERB_RE = re.compile(r"[a-z]{2,}[^s]s|[a-z]+ies")
_COORDINATED_CUE_GAP_RE = re.compile(r"(?:,[\"”]?\s*(?:and\s+)?|[\"”]\s+|\s+and\s+)(?:(?:also|further|then)\s+)?$")
_AND_END_RE = re.compile(r"\band\s+(?:(?:also|further|then)\s+)?$")
_CLAUSE_START_WORD_RE = re.compile(r"(?:and|but|or|which|who|that|while|as|because|if|when)\b", re.I)
_DASH_END_RE = re.compile(r"(?:--|—|–)\s*$")
_COLON_COMMA_END_RE = re.compile(r"[:,]\s*$")
_SPACE_COMMA_RUN_RE = re.compile(r"[\s,]*")
_COORDINATOR_END_RE = re.compile(r"(?:,\s*(?:and|but)|\b(?:and|but)|,)\s*(?:(?:also|further|then|later)\s+)?$")
_AND_BUT_END_RE = re.compile(r"\b(?:and|but)\s*(?:(?:also|further|then|later)\s+)?$")
_RELATIVE_END_RE = re.compile(r",\s*(?:which|who)\s*$")
_PUNCT_COORDINATOR_END_RE = re.compile(r"[,;:]\s*(?:(?:and|also|further|then)\s+)*$")
_LEADING_CONJUNCTION_RE = re.compile(r"(?:But|And|Yet|So|As|While|Although|Though|Whereas|When|If|Because|Also|Meanwhile|However|Then|Now|Still|Separately|Later|Earlier)\s+(?=\S)", re.I)
_SPEAKING_TAIL_RE = re.compile(r"\s+(?:speaking|talking|writing)\s+(?:to|on|in|at|with)\b.*$")
_SUBORDINATE_TAIL_RE = re.compile(r",\s*(?:as|while|because|since|although|though|whereas|and|but|so)\s+(?=\S)(?!.*,)")
_CONJUNCTION_START_RE = re.compile(r"(?:while|whereas|and|but|as|so|yet)\s+(?=\S)", re.I)
_SUBORDINATE_START_RE = re.compile(r"(?:that|which|who|what|and|but|or|if|when|while|whereas|because|so|as)\b", re.I)
_CITING_RE = re.compile(r",\s*(?:citing|quoting)\b")
_RELATIVE_START_RE = re.compile(r"(?:which|whom|whose|it|this|that)\b", re.I)
_CAPITAL_RE = re.compile(r"[A-Z]")

# Patterns of single rules, compiled once (named for what they find).
_PARTICIPLE_GAP_RE = re.compile(r"[^.;:\"“”]{0,60}?,\s*(?:(?:and|also|further|then)\s+)*")
_RECIPIENT_THAT_RE = re.compile(r"\s+((?:[^\s,.;:\"“”]+\s+){0,11}?)that\s")
_RECIPIENT_ADJUNCT_RE = re.compile(r"\s(?:in|on|at|during|via|over|by|after|before|last|this|when|while)\s")
_RECIPIENT_RE = re.compile(
    r"\s+(?:(?:the|a|an|his|her|their|its|our|my|local|state|foreign|regular)\s+){0,3}"
    r"(?:[A-Z][\w'’&.-]*(?:\s+(?:of\s+)?[A-Z][\w'’&.-]*){0,4}|[a-z’'-]+(?=\s|[.,]|\Z))"
)
_TO_INFINITIVE_AHEAD_RE = re.compile(r"(?:\S+\s+){1,5}to\s+[a-z]")
_SMALL_CLAUSE_RE = re.compile(r"(?:\S+\s+){1,5}(?:a|an|the|as|to\s+be)\s|(?:\S+\s+){1,5}[\"“]")
_TO_WORD_RE = re.compile(r"\bto\s+\w")
_WH_START_RE = re.compile(r"(?:whether|if|why|how|what|when)\b")
_BE_NOT_AHEAD_RE = re.compile(r"(?:\S+\s+){1,5}(?:be|not)\s")
_STOP_START_RE = re.compile(r"[.,;]")
_REFLEXIVE_START_RE = re.compile(r"(?:itself|himself|herself|themselves|ourselves|myself)\b")
_DATE_START_RE = re.compile(rf"(?:{_WEEKDAY}|{_MONTH}|yesterday|today|tonight|\d)")
_SMALL_CLAUSE_OBJECT_RE = re.compile(r"(?:it|them|him|her|this)\s+[a-z]+(?:\s+that\b|\s*[,.;]|\s*$)")
_ADJECTIVE_LIST_END_RE = re.compile(r",\s*[a-z]+\s+and\s+[a-z]+\s*$")
_BLAME_PREPOSITION_RE = re.compile(r"\b(?:for|to|of|on)\b")
_CITED_IN_THAT_RE = re.compile(r",\s*(?:citing|quoting)\s+([^,]+?)\s*,")
_AFTER_QUOTED_WORDS_RE = re.compile(r"\s*(?:,|\band\b|\bbut\b|;)")
_CLAUSE_AFTER_CUE_RE = re.compile(r"\s*(?:that|to|the\s+\w+\s+(?:is|was|are|were|will|would|had|has))\b", re.I)
_INVERTED_SUBJECT_RE = re.compile(
    r"(?:[^.;:!?\"“”]|(?<=\b[A-Z])\.|(?<=\b[A-Z][a-z])\.|(?<=\b[A-Z][a-z]{2})\.)*?"
    r"(?=,\s*(?:[a-z]+ing|who|which|as|when|while|after|before)\b|\s*[.!?,]?\s*\Z)"
)
_LOCATIVE_END_RE = re.compile(r"\b(?:in|at|to|from|into|near|across|outside|inside)\s+$")
_CLAUSE_BOUNDARY_RE = re.compile(r"(?:[,;]\s*(?:and|but|while|whereas|as|so|yet)?|\b(?:and|but|while|whereas))\s+")
_NP_OPENER_RE = re.compile(r"(?:a|an|the|its|his|her|their|two|three|several|some)\s")
_LAST_NAME_OR_PRONOUN_RE = re.compile(r"(?:\b(?:he|she|they|it|we|I)\b|(?:[A-Z][\w'’.-]+\s+){0,3}[A-Z][\w'’.-]+)\s*$")
_OPTIONAL_PUNCT_RE = re.compile(r"\s*[,.!?—–-]?\s*")
_CLAUSE_AFTER_QUOTE_RE = re.compile(
    r"\s*[,—–-]?\s*(?:while|and|but|as|when|whereas|although|because|which|who|after|before)\b", re.I
)
_SENTENCE_END_INSIDE_RE = re.compile(r"[.!?]\s")
_COMMA_OR_DASH_START_RE = re.compile(r"\s*[,—–-]")
_CUE_TO_QUOTE_GAP_RE = re.compile(
    r"\s*(?:,?\s*however,?\s*)?(?:(?:it\s+)?(?:simply|bluntly|plainly|clearly)\s*)?"
    r"(?:(?:on|in|at|during|last|this|later|earlier|when|while|after)\b[^\"“”.;]{0,80}?)?"
    r"\s*(?:by\s+[^\"“”.;]{1,80}?\s+of|of|that|as|with)?\s*[,:—–-]?\s*"
)
_CHARACTERISED_OBJECT_RE = re.compile(r"\s+(?:his|her|their|its|the|this|that|a|an)\s+[\w'’-]+(?:\s+[\w'’-]+){0,3}\s*[,:]\s*")
_TOLD_BY_OF_RE = re.compile(r"\bby\s+(.+?)\s+of\s*$")
_TELL_CUE_RE = re.compile(r"tell|told|inform", re.I)


# ---------------------------------------------------------------------------------------------
# The cue lexicon

@dataclass(frozen=True)
class Cue:
    """A reporting cue found in the text."""

    start: int
    end: int
    form: str
    lemma: str
    cue_type: str
    frame: str


@lru_cache(maxsize=1)
def _lexicon() -> tuple[re.Pattern, dict[str, tuple[str, str, str]]]:
    entries: dict[str, tuple[str, str, str]] = {}
    path = LEXICON_DIR / "reporting_verbs.csv"
    with open(path, encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        for row in rows:
            entries[row["form"].lower()] = (row["lemma"], row["cue_type"], row["frame"])
    # one regular expression shaped as a trie of the forms, so that matching does not try
    # every alternative at every position
    alternation = _trie_pattern([f.split(" ") for f in entries])
    # the look-ahead for a form's first letter lets the engine skip other positions quickly
    first_letters = re.escape("".join(sorted({form[0] for form in entries})))
    return re.compile(rf"(?=[{first_letters}])(?<![\w'’-])(?:{alternation})(?![\w'’-])", re.I), entries


def _trie_pattern(forms: list[list[str]]) -> str:
    """A regex alternation of word sequences, factored as a character trie (shared prefixes once)."""
    trie: dict = {}
    for words in forms:
        node = trie
        for ch in " ".join(words):
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        branches = []
        for ch in sorted(k for k in node if k):
            piece = r"\s+" if ch == " " else re.escape(ch)
            branches.append(piece + build(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            # the longer form wins only when it is a whole word ("said" before "sa")
            return "(?:" + body + r"(?![\w'’-])" + ")?" if len(branches) else ""
        return body

    return build(trie)


def reporting_verbs() -> pd.DataFrame:
    """The cue lexicon as a table.

    Returns:
        DataFrame with columns ``form``, ``lemma``, ``cue_type`` (speech, directive, cognition,
        evaluative, sourcing) and ``frame``, one row per inflected form.
    """
    _, entries = _lexicon()
    return pd.DataFrame(
        [(form, *values) for form, values in entries.items()], columns=["form", "lemma", "cue_type", "frame"]
    )


# ---------------------------------------------------------------------------------------------
# Step 1: quotation spans

@dataclass
class QuoteSpan:
    """Text between a pair of double quotation marks (``open_mark``/``close_mark`` are the marks)."""

    open_mark: int
    close_mark: int | None  # None when unclosed: the span runs to the paragraph's end
    start: int
    end: int
    paragraph: int


def find_quote_spans(article: Article) -> list[QuoteSpan]:
    """Pair the double quotation marks of each paragraph.

    Curly marks say which way they face; a straight mark opens when no quote is open and closes
    one otherwise. An opening mark left unclosed at the end of a paragraph runs to that end.
    A closing mark with nothing open is ignored.
    """
    text = article.text
    spans: list[QuoteSpan] = []
    for unit in article.paragraph_units:
        opened: int | None = None
        for m in _MARK_RE.finditer(text, unit.start, unit.end):
            ch, i = m.group(), m.start()
            if opened is None:
                if ch in CLOSE_MARKS:
                    continue
                opened = i
            elif ch in OPEN_MARKS and text[opened] in OPEN_MARKS:
                # a second opening curly mark: the first quote was never closed
                spans.append(_span(text, opened, None, i, unit.index))
                opened = i
            else:
                spans.append(_span(text, opened, i, i, unit.index))
                opened = None
        if opened is not None:
            spans.append(_span(text, opened, None, unit.end, unit.index))
    return [s for s in spans if s.end > s.start]


def _span(text: str, open_mark: int, close_mark: int | None, stop: int, paragraph: int) -> QuoteSpan:
    start = open_mark + 1
    end = stop
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and text[end - 1] == ",":  # "…30 years," said → without the comma
        end -= 1
    return QuoteSpan(open_mark, close_mark, start, end, paragraph)


# ---------------------------------------------------------------------------------------------
# Segments: sentences, merged where a quotation runs over a sentence boundary

@dataclass
class Segment:
    start: int
    end: int
    paragraph: int
    sentence: int
    quotes: list[QuoteSpan] = field(default_factory=list)


def _segments(article: Article, quotes: list[QuoteSpan]) -> list[Segment]:
    segments: list[Segment] = []
    by_paragraph: dict[int, list[QuoteSpan]] = {}
    for q in quotes:
        by_paragraph.setdefault(q.paragraph, []).append(q)
    for unit in article.sentence_units:
        if unit.kind != "body":
            continue
        para_quotes = by_paragraph.get(unit.paragraph, [])
        if segments and segments[-1].paragraph == unit.paragraph:
            prev = segments[-1]
            if para_quotes and any(q.open_mark < prev.end and _quote_stop(q) > prev.end for q in para_quotes):
                prev.end = unit.end
                continue
        segments.append(Segment(unit.start, unit.end, unit.paragraph, unit.index))
    for seg in segments:
        if seg.paragraph in by_paragraph:
            seg.quotes = [q for q in by_paragraph[seg.paragraph] if seg.start <= q.open_mark < seg.end]
    return segments


def _quote_stop(q: QuoteSpan) -> int:
    return q.close_mark + 1 if q.close_mark is not None else q.end


# ---------------------------------------------------------------------------------------------
# Candidate records (before speaker resolution)

@dataclass
class Candidate:
    start: int
    end: int
    kind: str
    cue_start: int | None
    cue_end: int | None
    mention: tuple[int, int] | None  # the source mention's span
    paragraph: int
    sentence: int
    via: str | None = None
    relay: tuple[int, int] | None = None  # outer carrier that relays this statement ("According to Yonhap, quoting the state agency")
    continuation: bool = False
    silent_mention: tuple[int, int] | None = None  # the source of a cue-less quote, not printed as its mention
    qa_answer: bool = False


def attribute_quotes(article_or_articles: Article | Iterable[Article]) -> pd.DataFrame:
    """Find every attributed statement in an article (or a list of articles) and say who made it.

    Direct quotes (the cue before, inside or after the quotation; several sentences in one pair
    of marks; a quote carried into the next paragraph; continuation quotes with no cue of their
    own), reported speech ("X said (that) S", "S, X said", "According to X, S", "X urged Y to",
    "X told the Global Times S", "X described Y as ..."), and mixed records (a paraphrase that
    carries quoted words). Speakers are resolved to the fullest name the article gives, with
    role, affiliation, type and country; ``via`` names the outlet that carries the statement.

    Args:
        article_or_articles: an :class:`~analysis.article.Article`, or an iterable of them
            (their rows are concatenated, in the given order).

    Returns:
        DataFrame, one row per record in text order, with columns ``QUOTE_COLUMNS``:
        ``article_id``; ``start``/``end`` (offsets of the content in ``article.text``,
        ``text[start:end] == quote``); ``quote``; ``kind`` (``direct``, ``indirect``,
        ``mixed``); ``cue`` (the reporting verb or phrase as written, null for continuation
        quotes); ``speaker`` (canonical name, or null); ``speaker_mention`` (the surface form in
        the record's sentence, null for continuations); ``speaker_type`` (official,
        former_official, scholar, journalist, media, organization, citizen, unknown);
        ``speaker_country``; ``via`` (the outlet carrying the statement, or null);
        ``paragraph`` and ``sentence`` (0-based indexes of the article's units); ``role`` and
        ``affiliation`` of the speaker as read from the text; ``cue_start``/``cue_end`` and
        ``speaker_start``/``speaker_end`` (offsets of the cue and of the mention, nullable
        integers). An article without attributed statements gives an empty frame with the same
        columns.

        How to read it: one row is one statement the article attributes; count rows per
        ``speaker`` for who gets a voice, and sum the words of ``quote`` for how much.
        Not handled: see the module docstring (single-quoted direct speech, quotes without
        repeated opening marks across paragraphs, non-English text).
    """
    if isinstance(article_or_articles, Article):
        articles = [article_or_articles]
    else:
        articles = list(article_or_articles)
    rows: list[tuple] = []
    for article in articles:
        rows.extend(_article_records(article))
    if not rows:
        frame = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
        for col in ("start", "end", "paragraph", "sentence"):
            frame[col] = frame[col].astype("int64")
        for col in ("cue_start", "cue_end", "speaker_start", "speaker_end"):
            frame[col] = frame[col].astype("Int64")
        return frame
    # One frame from typed columns, each built once (what pandas would infer from the lists).
    columns = {}
    for col, column in zip(QUOTE_COLUMNS, zip(*rows)):
        values = list(column)
        columns[col] = nullable_ints(values) if col in _NULLABLE_INT_COLUMNS else values
    return typed_frame(columns, _INT_COLUMNS)


_INT_COLUMNS = {"start": "int64", "end": "int64", "paragraph": "int64", "sentence": "int64"}
_NULLABLE_INT_COLUMNS = frozenset(("cue_start", "cue_end", "speaker_start", "speaker_end"))


# ---------------------------------------------------------------------------------------------
# The pipeline for one article

class _WorkText(str):
    """The article's text with all-caps paragraphs in lower case (same length and offsets), so
    the rules read "THE COASTGUARD SAID" as "the coastguard said"; ``original`` is the text as read."""

    original: str


def _orig(text: str) -> str:
    return getattr(text, "original", text)


def _work_text(article: Article) -> str:
    text = article.text
    parts = []
    last = 0
    changed = False
    for unit in article.paragraph_units:
        if _LOWER_RUN_RE.search(text, unit.start, min(unit.end, unit.start + 80)):
            continue  # ordinary text: a run of lower-case letters early on
        sample = text[unit.start : min(unit.end, unit.start + 300)]
        n_upper = sum(map(str.isupper, sample))
        n_lower = sum(map(str.islower, sample))
        if n_upper >= 12 and n_upper / (n_upper + n_lower) > 0.8:
            para = text[unit.start : unit.end]
            lowered = para.lower()
            if len(lowered) == len(para):
                parts.append(text[last : unit.start])
                parts.append(lowered)
                last = unit.end
                changed = True
    if not changed:
        return text
    parts.append(text[last:])
    work = _WorkText("".join(parts))
    work.original = text
    return work


def _is_headline(text: str, article: Article, paragraph: int) -> bool:
    """A paragraph with no sentence-final stop and no quotation: a headline, deck or tag line."""
    unit = article.paragraph_units[paragraph]
    para = text[unit.start : unit.end].rstrip()
    if para.rstrip(_STOP_CLOSERS)[-1:] in _STOPS:
        return False  # a stop, closing marks and the end: a match of _SENTENCE_STOP_RE
    return bool(para) and not _SENTENCE_STOP_RE.search(para) and not _MARK_RE.search(para)


# What _SENTENCE_STOP_RE takes for a stop, and the closing marks it lets follow one.
_STOPS = frozenset(".!?…")
_STOP_CLOSERS = "\"”’')"


def _article_records(article: Article) -> list[tuple]:
    text = _work_text(article)
    quotes = find_quote_spans(article)
    all_segments = _segments(article, quotes)
    headlines = {p: _is_headline(text, article, p) for p in {s.paragraph for s in all_segments}}
    segments = [s for s in all_segments if not headlines[s.paragraph]]
    cue_re, entries = _lexicon()
    candidates: list[Candidate] = []
    previous_seg: tuple[Segment, list[Cue], int] | None = None
    for seg in segments:
        cues = _find_cues(text, seg.start, seg.end, seg.start)
        if seg.quotes:
            cues = [c for c in cues if not _inside_quote(c.start, seg.quotes)]
        indirect = _indirect_candidates(text, seg, cues) if cues else []
        direct = _direct_candidates(text, seg, cues, indirect) if seg.quotes else []
        if previous_seg is not None and not previous_seg[2] and previous_seg[1]:
            # "McGurk also criticized the decision via Twitter." then a quotation standing alone:
            # the quotation is the words of the subject of that sentence's communication verb
            prev, prev_cues, _ = previous_seg
            for c in direct:
                if c.continuation and c.start - 1 == seg.start and prev.paragraph >= seg.paragraph - 1:
                    c.silent_mention = _subject_before(text, prev, prev_cues[0])
        candidates.extend(indirect)
        candidates.extend(direct)
        previous_seg = (seg, cues, len(indirect) + len(direct))
    candidates.extend(_qa_candidates(article, segments))
    candidates = _dedupe(candidates)
    _mark_continuations(article, candidates, quotes)
    return _resolve(article, candidates)


def _find_cues(text: str, start: int, end: int, clause_start: int) -> list[Cue]:
    """The reporting cues between ``start`` and ``end``, without the look-alikes: a capitalised
    form inside a sentence is part of a name ("United States"), and a form after a determiner or
    possessive is a noun ("a say", "the report", "Xi's remarks")."""
    starts, matches = _raw_cues(text)
    first, stop = bisect_left(starts, start), bisect_left(starts, end)
    if first == stop:
        return []
    _, entries = _lexicon()
    cues = []
    for i in range(first, stop):
        m_start, m_end, form, key, cue = matches[i]
        if m_end > end:
            continue
        if form[0].isupper() and not form.isupper() and _capital_inside_clause(text, clause_start, m_start):
            continue
        if _determiner_before(text, max(clause_start, m_start - 30), m_start):
            continue
        lemma = entries[key][0] if cue is None else cue.lemma  # (a form missing from the lexicon raises)
        if " " not in form and lemma == key and _SINGULAR_NAME_END_RE.search(text, max(clause_start, m_start - 40), m_start) and not _PLURAL_PRONOUN_END_RE.search(
            text, max(clause_start, m_start - 10), m_start
        ) and not _CLAUSE_OPENER_RE.match(text, m_end, min(end, m_end + 12)):
            continue  # a base form after a singular name ("the Atlantic Council think tank"): a noun
        cues.append(cue)
    return cues


def _has_words(text: str, n: int, start: int = 0, end: int | None = None) -> bool:
    """Whether ``text[start:end]`` has ``n`` words or more (``_WORD_RE`` matches); it reads no
    further than the n-th word."""
    pos, end = start, len(text) if end is None else end
    for _ in range(n):
        m = _WORD_RE.search(text, pos, end)
        if m is None:
            return False
        pos = m.end()
    return True


def _word_before_space(pattern: re.Pattern, longest: int, text: str, start: int, end: int) -> bool:
    """Whether ``pattern`` (a word of ``longest`` letters at most, then the space at the end, as
    ``_DETERMINER_BEFORE_RE``) finds a match in ``text[start:end]``, searched from ``start``;
    the search need only start ``longest`` characters before that space."""
    word_end = start + len(text[start:end].rstrip())
    if word_end == end:
        return False  # no space at the end
    return pattern.search(text, max(start, word_end - longest), end) is not None


def _determiner_before(text: str, start: int, end: int) -> bool:
    """Whether ``_DETERMINER_BEFORE_RE`` finds a match in ``text[start:end]`` (a determiner or a
    possessive, then the space at the end), read as a lookup of the last word."""
    word_end = start + len(text[start:end].rstrip())
    if word_end == end:
        return False  # no space at the end
    lo = max(start, word_end - 5)  # no match starts earlier (the longest determiner has 5 letters)
    tail = text[lo:word_end]
    if not tail.isascii():
        return _word_before_space(_DETERMINER_BEFORE_RE, 5, text, start, end)  # "Xi’s", and letters re.I folds
    if tail[-2:].lower() in ("'s", "s'"):
        return True
    i = _determiner_start(tail)
    # the determiner is the whole word: a word boundary before it
    return i is not None and (lo + i == 0 or not _is_word_char(text[lo + i - 1]))


@lru_cache(maxsize=1024)
def _determiner_start(tail: str) -> int | None:
    """Where the last word of ``tail`` (a few ASCII characters) starts, if that word is a
    determiner; else None."""
    i = len(tail)
    while i > 0 and _is_word_char(tail[i - 1]):
        i -= 1
    return i if tail[i:].lower() in _DETERMINERS else None


def _is_word_char(ch: str) -> bool:
    """Whether ``ch`` is a ``\\w`` character of a regular expression."""
    return ch.isalnum() or ch == "_"


def _capital_inside_clause(text: str, clause_start: int, start: int) -> bool:
    """Whether a capitalised form at ``start`` stands inside its clause, not at its opening
    (after quotation marks or brackets only) or after a colon."""
    before = text[clause_start:start]
    return bool(before.strip(" \"“”‘'(")) and not _COLON_END_RE.search(before[-12:])


_RAW_CUES: dict = {}
_INTERVIEWS: dict = {}


def _interview_in(text: str, start: int, end: int) -> re.Match | None:
    """The first interview phrase ("in an interview with the Global Times") inside a span."""
    matches, starts = _interviews(text)
    # the matches do not overlap: only the first one starting inside the span can end inside it
    i = bisect_left(starts, start)
    if i < len(matches) and matches[i].end() <= end:
        return matches[i]
    return None


def _first_interview(text: str, pos: int) -> re.Match | None:
    """``_INTERVIEW_RE.search(text, pos)``: the first interview phrase from ``pos`` on."""
    matches, starts = _interviews(text)
    i = bisect_left(starts, pos)
    if i > 0 and matches[i - 1].end() > pos:
        return _INTERVIEW_RE.search(text, pos)  # a match runs over ``pos``: one may start inside it
    return matches[i] if i < len(matches) else None


def _interviews(text: str) -> tuple[list[re.Match], list[int]]:
    """The interview phrases of ``text`` and their starts, found once per text (the last work
    text and the last text as read are kept)."""
    slot = type(text)
    entry = _INTERVIEWS.get(slot)
    if entry is None or entry[0] is not text:
        matches = _interview_matches(text)
        entry = (text, matches, [m.start() for m in matches])
        _INTERVIEWS[slot] = entry
    return entry[1], entry[2]


# Every interview phrase has one of these words: at its start, or after a few words ("in an
# exclusive interview with", "said in an interview with").
_INTERVIEW_KEYS = ("interview", "spoke", "speaking", "talked", "talking", "appear")


def _interview_matches(text: str) -> list[re.Match]:
    """The matches of ``_INTERVIEW_RE`` in ``text``, exactly as its ``finditer`` gives them; the
    expression is tried only at a key word and the starts of the five words before it."""
    starts = set()
    for key in _INTERVIEW_KEYS:
        k = text.find(key)
        while k >= 0:
            starts.add(k)
            starts.update(_word_starts_before(text, k, 5))
            k = text.find(key, k + 1)
    matches = []
    stop = 0
    for start in sorted(starts):
        if start < stop:
            continue  # inside the previous match, as finditer goes on after it
        m = _INTERVIEW_RE.match(text, start)
        if m is not None:
            matches.append(m)
            stop = m.end()
    return matches


def _word_starts_before(text: str, pos: int, n: int) -> list[int]:
    """The starts of the ``n`` words (runs of ``\\w``) before ``pos``, each separated from the
    next by white space only (fewer where something else stands between)."""
    starts = []
    for _ in range(n):
        space = pos
        while space > 0 and text[space - 1].isspace():
            space -= 1
        word = space
        while word > 0 and _is_word_char(text[word - 1]):
            word -= 1
        if space == pos or word == space:
            break
        starts.append(word)
        pos = word
    return starts


def _raw_cues(text: str) -> tuple[list[int], list[tuple[int, int, str, str, Cue | None]]]:
    """Every match of the cue expression in ``text`` with its :class:`Cue` (None for a form not
    in the lexicon as written), found once per text (the last text is kept; the entry is
    replaced in one assignment, so threads working on other texts only recompute)."""
    entry = _RAW_CUES.get("entry")
    if entry is not None and entry[0] is text:
        return entry[1], entry[2]
    _, entries = _lexicon()
    matches = []
    for m in _cue_matches(text):
        form = m.group()
        key = form.lower() if form.isalpha() else _SPACES_RE.sub(" ", form.lower())
        values = entries.get(key)
        cue = Cue(m.start(), m.end(), form, *values) if values is not None else None
        matches.append((m.start(), m.end(), form, key, cue))
    starts = [m[0] for m in matches]
    _RAW_CUES["entry"] = (text, starts, matches)
    return starts, matches


# ASCII letters in lower case, every other byte a space (the letters of an ASCII-encoded text)
_LETTER_BYTES = bytes(b | 0x20 if 65 <= b <= 90 or 97 <= b <= 122 else 32 for b in range(256))
# the characters other than ASCII letters that an ASCII letter matches under re.IGNORECASE
_CASE_TWINS = ("\u0130", "\u0131", "\u017f", "\u212a")


@lru_cache(maxsize=1)
def _first_word_re() -> re.Pattern:
    """The first words of the cue lexicon's forms, each between two spaces, as a bytes pattern
    (see :func:`_cue_matches`)."""
    _, entries = _lexicon()
    first_words = sorted({form.split(" ")[0] for form in entries})
    return re.compile((" (?:" + _trie_pattern([[w] for w in first_words]) + ")(?= )").encode("utf-8"))


def _cue_matches(text: str) -> list[re.Match]:
    """The matches of the cue expression in ``text``, exactly as its ``finditer`` gives them.

    A match starts where a whole word opens one of the lexicon's forms (the forms are words of
    ASCII letters), so the expression is tried only there. Those words are found in a copy of
    the text with ASCII letters in lower case and every other character a space: a much faster
    scan than the expression's own, which tries every position."""
    cue_re, _ = _lexicon()
    if any(twin in text for twin in _CASE_TWINS):
        return list(cue_re.finditer(text))
    # one byte per character ("?" for a non-ASCII one), so offsets stay those of the text
    letters = b" " + text.encode("ascii", "replace").translate(_LETTER_BYTES) + b" "
    matches = []
    stop = 0
    for word in _first_word_re().finditer(letters):
        start = word.start()  # the word's offset in ``text`` (``letters`` has one space before)
        if start < stop:
            continue  # inside the previous match (a multiword form), as finditer goes on after it
        m = cue_re.match(text, start)
        if m is not None:
            matches.append(m)
            stop = m.end()
    return matches


def _participle(cue: Cue) -> bool:
    """An -ing cue ("adding", "pointing to", "calling on"): it shares the clause's subject."""
    return _participle_form(cue.form)


@lru_cache(maxsize=4096)
def _participle_form(form: str) -> bool:
    return form.split()[0].lower().endswith("ing")


def _inside_quote(offset: int, quotes: list[QuoteSpan]) -> bool:
    for q in quotes:
        if q.open_mark < offset < _quote_stop(q):
            return True
    return False


def _quote_at(offset: int, quotes: list[QuoteSpan]) -> QuoteSpan | None:
    for q in quotes:
        if q.open_mark <= offset < _quote_stop(q):
            return q
    return None


# ---- indirect and mixed ---------------------------------------------------------------------

def _indirect_candidates(text: str, seg: Segment, cues: list[Cue]) -> list[Candidate]:
    out: list[Candidate] = []
    taken: list[tuple[int, int]] = []  # cue spans already used (a longer multiword cue wins)
    for i, cue in enumerate(cues):
        if any(a <= cue.start < b for a, b in taken):
            continue
        cand = _read_cue(text, seg, cue, cues)
        if cand is not None:
            # a participle right after another record's cue shares its source
            # ("S, officials told state media, adding that ...")
            if out and _participle(cue) and out[-1].cue_end is not None:
                gap = text[out[-1].cue_end : cue.start]
                if _PARTICIPLE_GAP_RE.fullmatch(gap) and len(_WORD_RE.findall(gap)) <= 6:
                    cand.mention = out[-1].mention
                    cand.relay = out[-1].relay
                    cand.via = cand.via or out[-1].via
            out.append(cand)
            taken.append((cue.start, cand.cue_end or cue.end))
    if len(out) < 2:
        return out  # the rules below relate two records
    # a cue inside another record's content whose source is a pronoun is the same speaker's own
    # nested cue ("said they believe ..."): one record, the outer one.
    kept = []
    for c in out:
        nested = any(o is not c and o.start <= (c.cue_start or 0) < o.end for o in out)
        if nested and c.mention and _PRONOUN_RE.match(text[c.mention[0] : c.mention[1]]):
            continue
        kept.append(c)
    # relays: an outer record whose content opens with the inner record's source only carries
    # it ("According to ABC News, the police chief believes ...", "Reuters reported two officials said ...")
    final = []
    for c in kept:
        inner = [
            o for o in kept
            if o is not c and o.mention and o.cue_start is not None and c.start <= o.mention[0] < c.end
            and o.cue_start < c.end and _opens_clause(text[c.start : o.mention[0]])
        ]
        if inner and c.mention:
            carrier = outlet_name(_orig(text)[c.relay[0] : c.relay[1]]) if c.relay else None
            carrier = carrier or c.via or outlet_name(_orig(text)[c.mention[0] : c.mention[1]])
            for o in inner:
                o.via = o.via or carrier
            continue
        final.append(c)
    return final


def _read_cue(text: str, seg: Segment, cue: Cue, cues: list[Cue]) -> Candidate | None:
    if cue.frame == "according":
        return _according(text, seg, cue, cues)
    tail = text[max(seg.start, cue.start - 40) : cue.start]  # end-anchored patterns look at the last words only (and stay fast)
    if _determiner_before(tail, 0, len(tail)):
        return None  # a noun ("a say", "the report", "his call")
    if _word_before_space(_TO_END_RE, 2, tail, 0, len(tail)):
        return None  # an infinitive ("went to complain"): its subject is not the words before it
    if _BY_START_RE.match(text[cue.end : cue.end + 4]) and cue.lemma != "tell":
        return None  # a passive participle ("the approach recommended by his commission")
    if _participle(cue) and (cue.cue_type == "cognition" or cue.lemma == "speak") and not _ADJUNCT_THAT_RE.match(text, cue.end, seg.end):
        return None  # "Turkey assuming the duty", "speaking to the Atlantic Council": no statement without "that"
    if _word_before_space(_PASSIVE_BEFORE_RE, 6, tail, 0, len(tail)) and cue.lemma != "tell" and not _participle(cue):
        return None  # "is said to be", "was believed": no source
    cue_end = cue.end
    if cue.frame == "tell":
        cue_end = _recipient_end(text, cue.end, seg.end)
        if cue_end is None:
            return None
    elif cue.lemma == "say":
        m = _STATEMENT_RE.match(text, cue.end, seg.end)
        if m:
            cue_end = m.end()
    after_start = cue_end
    # pre-content: X CUE [adjunct] [that] CONTENT
    pre = _pre_content(text, seg, cue, cue_end, cues)
    # post-content: CONTENT, X CUE [adjunct]. / CONTENT, CUE X.
    post = None
    if pre is None and cue.frame in ("say", "say_that", "tell"):
        post = _post_content(text, seg, cue, cue_end, after_start)
    return pre or post


def _opens_clause(gap: str) -> bool:
    return not gap.strip() or bool(_LEADING_ADVERBIAL_RE.match(gap) and gap.rstrip().endswith(","))


def _recipient_end(text: str, pos: int, stop: int) -> int | None:
    """End of the recipient after told/informed: up to "that", or a short noun phrase."""
    rest = text[pos:stop]
    if _BY_START_RE.match(rest):
        return pos  # "was told by X": X is the source, not a recipient
    m = _RECIPIENT_THAT_RE.match(rest)
    if m and m.group(1).strip():
        recipient = m.group(1)
        cut = _RECIPIENT_ADJUNCT_RE.search(" " + recipient)
        if cut and cut.start() > 0:
            recipient = recipient[: cut.start() - 1]
        return pos + len(m.group(0)) - len(m.group(1)) - len("that ") + len(recipient.rstrip())
    m = _RECIPIENT_RE.match(rest)
    if not m:
        return None
    end = pos + len(m.group().rstrip(".,"))
    # a lower-case recipient is one or two words ("reporters", "the press", "state media")
    return end


def _pre_content(text: str, seg: Segment, cue: Cue, cue_end: int, cues: list[Cue]) -> Candidate | None:
    frame = cue.frame
    rest_start = cue_end
    m_that = _ADJUNCT_THAT_RE.match(text, rest_start, seg.end) if frame not in ("directive", "call_for", "characterise", "echo", "blame") else None
    if frame in ("say", "say_that", "tell"):
        m_time = _BARE_TIME_RE.match(text, rest_start, seg.end)
        if m_time and not m_that:
            rest_start = m_time.end()
        m_paren = _PARENTHETICAL_RE.match(text, rest_start, seg.end)
        if m_paren and not m_that and _clause_like(text[m_paren.end() : seg.end]):
            rest_start = m_paren.end() - 1  # "alleged, by way of example, the airline had …"
        if m_that and _AUXILIARY_START_RE.match(text[m_that.end() : m_that.end() + 8]):
            return None  # "…, ending a freeze that has lasted …": a relative "that", not a complement
        bare_start = _skip_space(text, rest_start, seg.end)  # a bare complement's start (no "that")
        if m_that:
            content_start = m_that.end()
        elif frame == "tell" and cue.lemma != "tell" and not _clause_like(text[bare_start : seg.end]):
            return None
        elif cue.lemma != "say" and not _clause_like(text[bare_start : seg.end]) and not (
            cue.cue_type == "cognition" and _TO_INFINITIVE_AHEAD_RE.match(text, bare_start, seg.end)
        ) and not (
            # a small clause after verbs of judging: "considered the intrusion an act of provocation"
            cue.lemma in ("consider", "deem", "find", "call")
            and _SMALL_CLAUSE_RE.match(text, bare_start, seg.end)
        ):
            return None
        else:
            content_start = bare_start
            if text[rest_start:content_start].strip(" ,") not in ("", ":"):
                return None
            if text[rest_start:content_start].strip() == "," and cue.lemma not in ("say", "add") and not _AS_START_RE.match(
                text, _skip_space(text, seg.start, cue.start), cue.start
            ):
                return None
    elif frame == "directive":
        m = _THAT_RE.match(text, rest_start, seg.end)
        content_start = m.end() if m else _skip_space(text, rest_start, seg.end)
        window = text[content_start : min(seg.end, content_start + 160)]
        if not m and not _TO_WORD_RE.search(window) and not _WH_START_RE.match(window) and not _BE_NOT_AHEAD_RE.match(window):
            return None
        if _STOP_START_RE.match(text[rest_start:content_start + 1].strip() or "."):
            return None
    elif frame == "call_for":
        content_start = _skip_space(text, rest_start, seg.end)
    elif frame in ("characterise", "echo", "blame"):
        content_start = _skip_space(text, rest_start, seg.end)
    else:
        return None
    m_as = _AS_START_RE.match(text, _skip_space(text, seg.start, cue.start), cue.start)
    if m_as and frame in ("say", "say_that", "tell"):
        comma = _comma_outside_quotes(text, seg, cue_end, seg.end)
        if comma is not None and comma - cue_end < 60 and not _VERBISH_RE.search(text, cue_end, comma):
            content_start = _skip_space(text, comma + 1, seg.end)
    if content_start >= seg.end:
        return None
    if text[content_start] in DOUBLE_MARKS and frame in ("say", "say_that", "tell"):
        q = _quote_at(content_start, seg.quotes)
        if q is None or _quote_stop(q) >= _trim_end(text, content_start, seg.end) - 1:
            return None  # X said, "..." is a direct quote (handled with the quotes)
    content_end = _content_end(text, seg, content_start, cue, cues)
    if content_end is None or content_end <= content_start:
        return None
    if _SUBORDINATOR_RE.match(text, _skip_space(text, seg.start, cue.start)) and _comma_outside_quotes(text, seg, seg.start, cue.start) is None:
        # the cue sits in a leading subordinate clause: its content stops at the clause's comma
        comma = _comma_outside_quotes(text, seg, content_start, content_end)
        if comma is not None:
            content_end = _trim_end(text, content_start, comma)
    content = text[content_start:content_end]
    if not _has_words(content, 2):
        return None
    if frame in ("say", "say_that", "tell") and not m_that and _ING_START_RE.match(content):
        return None  # "he said, repeating his remarks": a participle, not a content clause
    if frame in ("say", "say_that", "tell") and not m_that and _PREP_START_RE.match(content) and not (
        # "claimed to be seeking a bomb", "promised to help": a to-infinitive complement
        _TO_VERB_START_RE.match(content) and (cue.cue_type in ("cognition", "directive") or cue.lemma in ("claim", "deny", "say"))
        and _has_words(content, 3)
    ):
        return None
    if frame == "directive" and _REFLEXIVE_START_RE.match(content):
        return None
    if frame in ("directive", "call_for") and _DATE_START_RE.match(content):
        return None  # "a phone call on Monday": a noun and a date, not a cue and its addressee
    if frame == "characterise":
        if _COMMA_END_RE.search(text[seg.start : cue.start]) and text[content_start] in DOUBLE_MARKS + "'‘":
            return None  # "the robot, named "Better Idea"": a modifier, not a statement
        small_clause = cue.lemma == "call" and (
            # "called it unlikely that …", "called the order swift, forceful and decisive"
            _SMALL_CLAUSE_OBJECT_RE.match(content)
            or _ADJECTIVE_LIST_END_RE.search(content)
        )
        if not (_AS_WORD_RE.search(content) or _MARK_RE.search(content) or _SINGLE_PAIR_RE.search(content) or small_clause):
            return None
        if cue.lemma in ("name", "dub", "term", "brand") and not _AS_WORD_RE.search(content):
            return None  # naming a thing ("named it "Operation Peace Spring"") is not a statement
        if cue.lemma in ("see", "regard", "view", "refer to", "point to", "defend", "praise", "condemn", "criticize", "criticise", "justify") and not _AS_WORD_RE.search(content):
            return None
        content_end = _cut_characterisation(text, content_start, content_end)
        content = text[content_start:content_end]
    if frame == "echo" and not _VIEW_NOUN_RE.search(content):
        return None
    if frame == "blame" and not _BLAME_PREPOSITION_RE.search(content):
        return None
    if frame == "directive":
        content_end = _trim_meeting_tail(text, content_start, content_end)
    if frame in ("directive", "characterise", "echo", "blame", "call_for"):
        m_vp = _COORDINATED_VP_RE.search(text, content_start, content_end)
        if m_vp and m_vp.start() > content_start:
            content_end = _trim_end(text, content_start, m_vp.start())
    mention = _subject_before(text, seg, cue)
    if mention is None:
        return None
    relay = None
    if m_that:
        m_cited = _CITED_IN_THAT_RE.search(text[m_that.start() : m_that.end()])
        if m_cited:
            relay = mention
            s0 = m_that.start() + m_cited.start(1)
            mention = (s0, s0 + len(m_cited.group(1)))
    m_cite = _CITING_IN_SUBJECT_RE.search(text, mention[0], mention[1]) if relay is None else None
    if m_cite:
        relay = (mention[0], m_cite.start())
        mention = (m_cite.start("inner"), m_cite.end("inner"))
    kind = _kind(text, content_start, content_end)
    if kind == "direct_whole":
        return None
    via = _via_from_cue(text, cue, cue_end, seg)
    if relay:
        via = outlet_name(_orig(text)[relay[0] : relay[1]]) or via
    return Candidate(
        content_start, content_end, kind, cue.start, cue_end, mention, seg.paragraph, seg.sentence,
        via=via, relay=relay,
    )


_FINITE_WORD_RE = re.compile(
    r"(?:is|are|was|were|will|would|could|can|should|may|might|must|has|have|had|do|does|did|"
    r"won't|isn't|aren't|wasn't|weren't|[a-z]{3,}ed)"
)
_DETERMINERS = frozenset("a an the this that these those his her its their our my your no any every each such".split())


def _clause_like(content: str) -> bool:
    """Whether a bare complement reads as a clause: a finite verb among its first words, not an
    adjective after a determiner ("the wounded")."""
    words = content.split(None, 9)[:9]
    if words and words[0].lower() in ("he", "she", "they", "we", "i", "it", "there"):
        return True  # a subject pronoun opens a clause ("underlined they keep channels open")
    if len(words) > 2 and words[0][:1].isupper() and _PRESENT_VERB_RE.fullmatch(words[1]):
        return True  # a name and a present-tense verb ("claims the airline flies cargo to the region")
    for i, w in enumerate(words[1:], start=1):
        w = w.strip(",.;:\"“”")
        if _FINITE_WORD_RE.fullmatch(w):
            if words[i - 1].lower() in _DETERMINERS and words[i - 1].lower() not in ("this", "that", "these", "those"):
                continue
            return True
    return False


def _skip_space(text: str, pos: int, stop: int) -> int:
    while pos < stop and text[pos] in " \t\n,:":
        pos += 1
    return pos


def _content_end(text: str, seg: Segment, content_start: int, cue: Cue, cues: list[Cue]) -> int | None:
    """Where the content that starts at ``content_start`` stops: the segment's end, or before a
    second cue that takes over (", adding ...", ", and said ...", ", X said.")."""
    end = seg.end
    i = text.find(";", content_start, end)
    while i >= 0:
        if not _inside_quote(i, seg.quotes):
            end = i
            break
        i = text.find(";", i + 1, end)
    m = _QUOTE_THEN_CLAUSE_RE.search(text, content_start, end)
    if m and any(q.close_mark == m.start() + 1 for q in seg.quotes):
        end = m.start() + 2
    gloss = _gloss(text, content_start, end)
    if gloss is not None and gloss - content_start > 15 and not _inside_quote(gloss, seg.quotes):
        end = gloss
    # a time adjunct of the narration after the content: "… after Turkey began an offensive",
    # "… in the week leading up to the summit"
    for m in _narration_times(text, content_start, end):
        if m.start() - content_start > 15 and not _inside_quote(m.start(), seg.quotes):
            if m.group("clause") is None or _VERBISH_RE.match(text, m.end("clause")):
                end = m.start()
                break
    for other in cues:
        if other.start <= content_start or other.start >= end:
            continue
        if _inside_quote(other.start, seg.quotes):
            continue
        between = text[content_start : other.start]
        # participial or coordinated cue of the same subject: ", adding", ", noting", ", and said"
        m = _COORDINATED_CUE_GAP_RE.search(between)
        if m and (_participle(other) or _AND_END_RE.search(between)):
            if other.frame == "according":
                continue
            cut = content_start + m.start()
            if text[cut : cut + 2] in (',"', ",”") :
                cut += 2
            elif text[cut] in '"”':
                cut += 1
            end = cut
            break
        # "S, X said, adjunct": the content stops before the subject of a trailing cue
        tail = text[other.end : seg.end]
        if other.frame in ("say", "say_that", "tell") and _short_tail(tail):
            comma = between.rfind(",")
            if comma > 0 and len(_WORD_RE.findall(between[comma:])) <= 8:
                end = content_start + comma
                break
    end = _trim_end(text, content_start, end)
    return end


# One of these is in every match of _NARRATION_TIME_RE (a quick test before its scan).
_NARRATION_TIME_KEYS = ("after", "week", "days", "month", "run-up")


def _narration_times(text: str, start: int, end: int) -> Iterable[re.Match]:
    """The matches of ``_NARRATION_TIME_RE`` in ``text[start:end]``."""
    for key in _NARRATION_TIME_KEYS:
        if text.find(key, start, end) >= 0:
            return _NARRATION_TIME_RE.finditer(text, start, end)
    return ()


def _gloss(text: str, start: int, end: int) -> int | None:
    """Where the first writer's gloss (``_GLOSS_RES``) in ``text[start:end]`` starts, or None."""
    first = None
    for key, pattern in _GLOSS_RES:
        if text.find(key, start, end) >= 0:
            m = pattern.search(text, start, end)
            if m and (first is None or m.start() < first):
                first = m.start()
    return first


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \t\n":
        end -= 1
    # a final stop is left out, unless the content ends inside quotation marks
    while end > start and text[end - 1] in ".;:,!?" and not (end - 2 >= start and text[end - 2] in DOUBLE_MARKS):
        if text[end - 1] in "!?" and end - 2 >= start and text[end - 2] in DOUBLE_MARKS:
            break
        end -= 1
        while end > start and text[end - 1] in " \t\n":
            end -= 1
    if end - 1 > start and text[end - 1] in ".,;:" and text[end - 2] in DOUBLE_MARKS:
        end -= 1  # "…since 2017". → up to the closing mark
    return end


def _trim_meeting_tail(text: str, start: int, end: int) -> int:
    m = _MEETING_TAIL_RE.search(text, start, end)
    if m and m.start() - start > 20:
        return _trim_end(text, start, m.start())
    return end


def _cut_characterisation(text: str, start: int, end: int) -> int:
    """A characterisation ends with its quoted words or the "as" phrase's clause."""
    marks = list(_MARK_RE.finditer(text, start, end))
    if len(marks) >= 2 and len(marks) % 2 == 0:
        last = marks[-1].end()
        # keep a comma or stop inside the closing mark; drop what follows after a comma
        tail = text[last:end]
        if _AFTER_QUOTED_WORDS_RE.match(tail) or not tail.strip(" ."):
            return last
    return end


def _kind(text: str, start: int, end: int) -> str:
    content = text[start:end]
    if _MARK_RE.search(content):
        if content[0] in DOUBLE_MARKS and content[-1] in DOUBLE_MARKS and len(_MARK_RE.findall(content)) == 2:
            return "direct_whole"
        return "mixed"
    if ("'" in content or "‘" in content) and _SINGLE_PAIR_RE.search(content):
        return "mixed"
    return "indirect"


def _via_from_cue(text: str, cue: Cue, cue_end: int, seg: Segment) -> str | None:
    if cue.frame == "tell":
        recipient = text[cue.end:cue_end].strip()
        return outlet_name(recipient)
    m = _interview_in(text, seg.start, seg.end)
    if m:
        return outlet_name(m.group("outlet"))
    return None


def _post_content(text: str, seg: Segment, cue: Cue, cue_end: int, after_start: int) -> Candidate | None:
    tail = text[cue_end : seg.end]
    before = text[seg.start : cue.start]
    # inverted: "S, said X." / "S, added the spokesman."
    m_inv = _COMMA_END_RE.search(before[-8:])
    if m_inv:
        m_inv = _COMMA_END_RE.search(before)
    if m_inv and cue.frame in ("say", "say_that") and not _participle(cue) and not _short_tail(tail) and not _CLAUSE_AFTER_CUE_RE.match(tail):
        subj_start = _skip_space(text, cue_end, seg.end)
        subj_end = _subject_end_after(text, subj_start, seg.end)
        if subj_end is None:
            return None
        content_end = _trim_end(text, seg.start, seg.start + m_inv.start())
        content_start = _content_start(text, seg)
        if _MARK_RE.match(text, content_start) and _quote_at(content_start, seg.quotes):
            return None  # a direct quote: handled with the quotes
        if not _has_words(text, 3, content_start, content_end):
            return None
        kind = _kind(text, content_start, content_end)
        if kind == "direct_whole":
            return None
        return Candidate(content_start, content_end, kind, cue.start, cue_end, (subj_start, subj_end),
                         seg.paragraph, seg.sentence, via=None)
    if not _short_tail(tail) and not _PARTICIPLE_TAIL_RE.match(tail):
        return None
    # "S, X said." : the subject is between the last comma (outside quotes) and the cue
    comma = _last_comma(text, seg, cue.start)
    if comma is None:
        return None
    subj_start = _skip_space(text, comma + 1, cue.start)
    subj_end = _strip_trailing_adverbs(text, subj_start, cue.start)
    if subj_end <= subj_start or len(_WORD_RE.findall(text[subj_start:subj_end])) > 14:
        return None
    if _BAD_SUBJECT_RE.match(text[subj_start:subj_end].strip()):
        return None
    if _CLAUSE_START_WORD_RE.match(text[subj_start:subj_end]):
        return None
    content_start = _content_start(text, seg)
    content_end = _trim_end(text, content_start, comma)
    if content_end - content_start < 10 or not _has_words(text, 3, content_start, content_end):
        return None
    q = _quote_at(content_start, seg.quotes)
    if q is not None and q.open_mark == content_start and _quote_stop(q) >= content_end:
        return None
    kind = _kind(text, content_start, content_end)
    if kind == "direct_whole":
        return None
    return Candidate(content_start, content_end, kind, cue.start, cue_end, (subj_start, subj_end),
                     seg.paragraph, seg.sentence, via=_via_from_cue(text, cue, cue_end, seg))


def _short_tail(tail: str) -> bool:
    """What follows a cue that closes its sentence: nothing, or a short adjunct with no verb."""
    if not _TIME_TAIL_RE.match(tail):
        return False
    return len(_WORD_RE.findall(tail)) <= 10 and not _VERBISH_RE.search(tail)


def _content_start(text: str, seg: Segment) -> int:
    """The sentence's start, after a dateline such as "PORT SERIN, BORSOVA, FEB 3 --"."""
    return _after_dateline(text, seg.start, seg.end)


def _after_dateline(text: str, start: int, end: int) -> int:
    """``start``, or the end of a dateline that opens ``text[start:end]``."""
    m = DATELINE_RE.match(text, start, end)
    if m and m.end() - start < 80 and _DASH_END_RE.search(m.group()):
        start = m.end()
    return start


def _last_comma(text: str, seg: Segment, stop: int) -> int | None:
    i = stop - 1
    while i > seg.start:
        if text[i] == "," and not _inside_quote(i, seg.quotes):
            return i
        if text[i] in CLOSE_MARKS or (text[i] == STRAIGHT and _quote_at(i, seg.quotes)):
            # "…," X said: the comma sits inside the closing mark
            q = _quote_at(i, seg.quotes)
            if q is not None and q.close_mark == i and i - 1 > seg.start and text[i - 1] == ",":
                return i
        i -= 1
    return None


def _subject_end_after(text: str, start: int, stop: int) -> int | None:
    """End of an inverted subject ("said Miriam Castellane, chief executive of X.")."""
    m = _INVERTED_SUBJECT_RE.match(text[start:stop])
    if not m:
        return None
    end = start + len(m.group().rstrip(" ,"))
    if end <= start or len(_WORD_RE.findall(text[start:end])) > 16:
        return None
    if _VERBISH_RE.search(text, start, end) or text[start] in DOUBLE_MARKS:
        return None
    return end


def _strip_trailing_adverbs(text: str, start: int, end: int) -> int:
    segment = text[start:end]
    if _may_end_adverbial(_last_word(segment)):  # the search is slow on long spans
        m = _TRAILING_ADVERBS_RE.search(segment)
        if m:
            segment = segment[: m.start()]
    return start + len(segment.rstrip(" ,"))


@lru_cache(maxsize=4096)
def _may_end_adverbial(word: str) -> bool:
    return _ADVERB_LAST_WORD_RE.fullmatch(word) is not None


def _last_word(span: str) -> str:
    """The last word of ``span`` before its final spaces and comma (what ends a match of
    ``_TRAILING_ADVERBS_RE``): the characters after the last space or comma."""
    body = span.rstrip()
    if body.endswith(","):
        body = body[:-1].rstrip()
    words = body[body.rfind(",") + 1 :].rsplit(None, 1)
    return words[-1] if words else ""


def _subject_before(text: str, seg: Segment, cue: Cue, *, first_verb: bool = False) -> tuple[int, int] | None:
    """The source mention before a cue: the clause's subject, appositive included."""
    left_start = seg.start
    # after a quotation or a semicolon that precedes the cue, a new clause starts
    for q in seg.quotes:
        # after a quotation that is a sentence of its own ("…," he said) a new clause starts;
        # a quoted term inside the clause ("highlighted the "Spirit" …, and said") does not
        if _quote_stop(q) <= cue.start and (q.open_mark == seg.start or _COLON_COMMA_END_RE.search(text[seg.start : q.open_mark])):
            left_start = max(left_start, _quote_stop(q))
    semi = text.rfind(";", left_start, cue.start)
    if semi >= 0:
        left_start = semi + 1
    left_start = _skip_space(text, left_start, cue.start)
    dl = _after_dateline(text, left_start, cue.start)
    left_start = max(left_start, dl)
    left = text[left_start : cue.start]
    participle = _participle(cue)
    if participle:
        cue_re, _ = _lexicon()
        m_inv = _SPACE_COMMA_RUN_RE.match(left)
        m_cue = cue_re.match(text, left_start + m_inv.end()) if m_inv else None
        if m_cue and text[seg.start : left_start].rstrip(" ,").endswith(tuple(DOUBLE_MARKS)):
            s0 = _skip_space(text, m_cue.end(), cue.start)
            s1 = _strip_trailing_adverbs(text, s0, cue.start)
            if s1 > s0 and len(_WORD_RE.findall(text[s0:s1])) <= 12:
                return (s0, s1)
    left_tail = left[-30:]
    coordinated = bool(_COORDINATOR_END_RE.search(left_tail)) and (
        participle or _AND_BUT_END_RE.search(left_tail)
    )
    if (participle or first_verb) and not coordinated:
        # a participle straight after the subject's verb phrase ("wrote to X asking ..."); the
        # subject of a clause that introduces a quotation with a colon
        coordinated = True
    # "the People's Republic of China, which sees …": the relative's antecedent speaks;
    # "the city council asking …", "With the US encouraging …": a participle right
    # after a noun phrase belongs to that noun phrase
    m_rel = _ANTECEDENT_RE.search(left) if _RELATIVE_END_RE.search(left_tail) else None
    if m_rel is None and participle and cue.cue_type in ("speech", "directive") and not _PUNCT_COORDINATOR_END_RE.search(left_tail):
        m_np = _ANTECEDENT_RE.search(left + ", which ")
        if m_np and not _VERBISH_RE.search(m_np.group("np")) and not _LOCATIVE_END_RE.search(left[: m_np.start("np")]):
            m_rel = m_np
    if m_rel is not None:
        s0 = left_start + m_rel.start("np")
        return (s0, s0 + len(m_rel.group("np")))
    start = left_start
    # strip leading adverbial clauses ("When addressing the summit, Xi said")
    for _ in range(3):
        sub = text[start : cue.start]
        m_conj = _LEADING_CONJUNCTION_RE.match(sub)
        if m_conj and _comma_outside_quotes(text, seg, start, cue.start) is None:
            start += m_conj.end()
            continue
        if _LEADING_ADVERBIAL_RE.match(sub):
            comma = _comma_outside_quotes(text, seg, start, cue.start)
            if comma is None:
                if coordinated:
                    break
                return None
            start = _skip_space(text, comma + 1, cue.start)
        else:
            break
    if coordinated:
        sub = text[start : cue.start]
        m = _VERBISH_RE.search(sub)
        if not m or m.start() == 0:
            return None
        end = _strip_trailing_adverbs(text, start, start + m.start())
    else:
        end = _strip_trailing_adverbs(text, start, cue.start)
    mention = text[start:end].strip(" ,")
    if not mention:
        return None
    start = start + (len(text[start:end]) - len(text[start:end].lstrip(" ,")))
    end = start + len(mention)
    words = _WORD_RE.findall(mention)
    if not words or _BAD_SUBJECT_RE.match(mention):
        return None
    # an appositive relative clause (", who led the talks,") belongs to the subject
    if len(words) > 3:
        masked = _APPOSITIVE_RELATIVE_RE.sub(_blank, mention)
    if len(words) > 24 or (len(words) > 3 and _VERBISH_RE.search(masked)):
        # too long to be a subject: take what follows the last clause boundary
        # ("…, but the minister said"), or else the last name or pronoun
        last = None
        for m in _CLAUSE_BOUNDARY_RE.finditer(masked):
            last = m
        tail = mention[last.end():] if last else ""
        verbs = list(_VERBISH_RE.finditer(masked))
        after_verb = mention[verbs[-1].end():].lstrip() if verbs else ""
        m_time = _BARE_TIME_RE.match(" " + after_verb)
        if m_time:
            after_verb = after_verb[m_time.end() - 1 :].lstrip()
        if tail and len(_WORD_RE.findall(tail)) <= 10 and not _VERBISH_RE.search(tail) and not _BAD_SUBJECT_RE.match(tail):
            start = start + last.end()
        elif after_verb and len(_WORD_RE.findall(masked[verbs[-1].end():])) <= 10 and (
            after_verb[0].isupper() or _NP_OPENER_RE.match(after_verb)
        ):
            # "Reuters reported a government source, whom they did not name, said": the
            # relayed source is the object of the outer reporting verb
            start = end - len(after_verb)
        else:
            m = _LAST_NAME_OR_PRONOUN_RE.search(mention)
            if not m:
                return None
            start = start + m.start()
        mention = text[start:end]
        if not mention.strip():
            return None
    m_part = _SPEAKING_TAIL_RE.search(text[start:end])
    if m_part and m_part.start() > 0:
        end = start + m_part.start()  # "the minister speaking to a think tank called …"
    m_sub = _SUBORDINATE_TAIL_RE.search(text[start:end])
    if m_sub and len(_WORD_RE.findall(text[start + m_sub.end() : end])) <= 10:
        start += m_sub.end()
    m_conj = _CONJUNCTION_START_RE.match(text[start:end])
    if m_conj:
        start += m_conj.end()
    if _SUBORDINATE_START_RE.match(text[start:end]):
        return None
    for c in reversed(_find_cues(text, start, end, start)):
        if c.frame in ("say", "say_that", "tell") and not _participle(c):
            if _CITING_RE.search(text[start:end]):
                break
            # "One news site claims security sources have blamed …": the source is the object of the outer cue
            inner = _skip_space(text, c.end, end)
            if inner < end and len(_WORD_RE.findall(text[inner:end])) <= 10 and not _VERBISH_RE.search(text, inner, end) and not _BAD_SUBJECT_RE.match(text[inner:end]):
                return (inner, end)
            return None
    return (start, end)


def _blank(m: re.Match) -> str:
    """Spaces in place of a match (offsets stay)."""
    return " " * len(m.group())


def _comma_outside_quotes(text: str, seg: Segment, start: int, stop: int) -> int | None:
    i = text.find(",", start, stop)
    while i >= 0:
        if not _inside_quote(i, seg.quotes):
            return i
        i = text.find(",", i + 1, stop)
    return None


def _according(text: str, seg: Segment, cue: Cue, cues: list[Cue]) -> Candidate | None:
    src_start = _skip_space(text, cue.end, seg.end)
    comma = _comma_outside_quotes(text, seg, src_start, seg.end)
    if comma is not None:
        m_app = _APPOSITIVE_NAME_RE.match(text, comma, seg.end)
        if m_app:  # "According to the team's coach, Alireza Mehraban, S"
            comma = m_app.end() - 1
    relay = None
    if comma is not None:
        m = _QUOTING_RE.match(text, comma, seg.end)
        if m:  # "According to Yonhap, quoting the state agency, S": the inner source, relayed
            relay = (src_start, comma)
            src_start = m.end()
            comma = _comma_outside_quotes(text, seg, src_start, seg.end)
    if _RELATIVE_START_RE.match(text[src_start:seg.end]):
        return None  # "according to which": a relative, its source is elsewhere
    src_end = comma if comma is not None else _trim_end(text, src_start, seg.end)
    src_end = _trim_end(text, src_start, src_end)
    m_by = _ISSUED_BY_RE.search(text, src_start, src_end)
    if m_by:
        src_start = m_by.end()  # "a statement released by Erdogan's office": the issuer speaks
    m_verb = _VERBISH_RE.search(text, src_start, src_end)
    if m_verb and m_verb.start() > src_start:
        # "Rescuers, ..., according to the emergencies ministry recovered ...": the source stops
        # at the predicate, and the content is the whole clause, cue included
        src_end = _trim_end(text, src_start, m_verb.start())
        comma = None
        content_start = _content_start(text, seg)
        content_end = _content_end(text, seg, content_start, cue, cues)
        if content_end is None or not _has_words(text, 3, content_start, content_end):
            return None
        return Candidate(content_start, content_end, _kind(text, content_start, content_end), cue.start, cue.end,
                         (src_start, src_end), seg.paragraph, seg.sentence, via=outlet_name(_orig(text)[src_start:src_end]))
    if src_end <= src_start or len(_WORD_RE.findall(text[src_start:src_end])) > 14:
        return None
    lead = text[_content_start(text, seg) : cue.start]
    if not lead.strip(" ,"):  # According to X, S
        if comma is None:
            return None
        content_start = _skip_space(text, comma + 1, seg.end)
        content_end = _content_end(text, seg, content_start, cue, cues)
    elif comma is None or not text[comma + 1 : seg.end].strip(" .;"):  # S, according to X.
        content_start = _content_start(text, seg)
        content_end = _trim_end(text, content_start, cue.start)
        if text[content_end - 1 : content_end] == "," or text[cue.start - 2 : cue.start].strip() == ",":
            content_end = _trim_end(text, content_start, cue.start)
    elif _COMMA_END_RE.search(lead):  # "…, according to X, S": the cue governs what follows
        content_start = _skip_space(text, comma + 1, seg.end)
        content_end = _content_end(text, seg, content_start, cue, cues)
    else:  # the cue falls between subject and predicate: the whole content, cue included
        content_start = _content_start(text, seg)
        content_end = _content_end(text, seg, content_start, cue, cues)
    if content_end is None or content_end <= content_start or not _has_words(text, 3, content_start, content_end):
        return None
    if _UNIDENTIFIED_SOURCE_RE.search(text[src_start:src_end]) and not _CAPITAL_RE.search(text[src_start:src_end][1:]):
        return None  # unidentifiable source ("according to traffic camera footage")
    kind = _kind(text, content_start, content_end)
    if kind == "direct_whole":
        return None
    via = outlet_name(_orig(text)[relay[0] : relay[1]]) if relay else outlet_name(_orig(text)[src_start:src_end])
    return Candidate(content_start, content_end, kind, cue.start, cue.end, (src_start, src_end), seg.paragraph,
                     seg.sentence, via=via, relay=relay)


# ---- direct quotes --------------------------------------------------------------------------

def _direct_candidates(text: str, seg: Segment, cues: list[Cue], indirect: list[Candidate]) -> list[Candidate]:
    out: list[Candidate] = []
    for qi, q in enumerate(seg.quotes):
        if q.end - q.start < 1:
            continue
        # a quotation inside a paraphrase belongs to that (mixed) record
        if any(c.start <= q.open_mark and _quote_stop(q) <= c.end + 1 for c in indirect):
            continue
        prev_stop = _quote_stop(seg.quotes[qi - 1]) if qi > 0 else seg.start
        next_open = seg.quotes[qi + 1].open_mark if qi + 1 < len(seg.quotes) else seg.end
        stop = _quote_stop(q)
        cand = None
        # cue before the quote: X said: "…" / He said, "…" / , X said, "…"
        head_cues = [c for c in cues if prev_stop <= c.start < q.open_mark]
        if head_cues:
            cand = _direct_before(text, seg, q, head_cues[-1], prev_stop, [*indirect, *out])
            if cand is None and out and out[-1].cue_start is not None and prev_stop <= out[-1].cue_start < q.open_mark:
                # "…," said Mr. Lee, "…": the second part of a quote split by its cue
                prev = out[-1]
                cand = Candidate(q.start, q.end, "direct", prev.cue_start, prev.cue_end, prev.mention, seg.paragraph,
                                 seg.sentence, via=prev.via)
        # cue after the quote: "…," said the scholar / "…," the minister added.
        tail_cues = [c for c in cues if stop <= c.start < next_open]
        prefix = text[max(prev_stop, seg.start) : q.open_mark].strip()
        if cand is None and tail_cues and q.close_mark is not None and (not prefix or prefix[-1] in ":,;—–-("):
            cand = _direct_after(text, seg, q, tail_cues[0], next_open)
        if cand is None:
            head = text[prev_stop : q.open_mark].strip()
            if not head and qi == 0 and seg.start == q.open_mark:
                # a quote that opens its sentence with no cue: a continuation (decided later)
                cand = Candidate(q.start, q.end, "direct", None, None, None, seg.paragraph, seg.sentence, continuation=True)
            elif head.endswith(":") and _has_words(text, 4, q.start, q.end):
                # a quotation after a colon: the clause's cue and subject, if it has a cue
                # ("justified the strike ... as "defensive" in nature: "…""), else its subject
                head_cues = [c for c in cues if prev_stop <= c.start < q.open_mark]
                if head_cues:
                    cue = head_cues[0]
                    mention = _subject_before(text, seg, cue)
                    if mention is not None:
                        cand = Candidate(q.start, q.end, "direct", cue.start, cue.end, mention, seg.paragraph, seg.sentence)
                else:
                    mention = _subject_before(text, seg, Cue(q.open_mark - 1, q.open_mark, ":", ":", "speech", "say"), first_verb=True)
                    if mention is not None:
                        cand = Candidate(q.start, q.end, "direct", None, None, mention, seg.paragraph, seg.sentence)
        if cand is not None:
            out.append(cand)
    return out


def _direct_after(text: str, seg: Segment, q: QuoteSpan, cue: Cue, next_open: int) -> Candidate | None:
    between = text[_quote_stop(q) : cue.start]
    if len(_WORD_RE.findall(between)) > 12 or not _OPTIONAL_PUNCT_RE.match(between):
        return None
    if _CLAUSE_AFTER_QUOTE_RE.match(between):
        return None
    if _SENTENCE_END_INSIDE_RE.search(between) and not _COMMA_OR_DASH_START_RE.match(between):
        return None
    if cue.frame not in ("say", "say_that", "tell", "directive", "characterise") and cue.lemma not in ("hope", "believe", "think", "feel"):
        return None
    cue_end = cue.end
    if cue.frame == "tell":
        cue_end = _recipient_end(text, cue.end, seg.end) or cue.end
    words = between.strip(" ,—–-")
    if not words:  # "…," said X
        subj_start = _skip_space(text, cue_end, next_open)
        subj_end = _subject_end_after(text, subj_start, next_open)
        if subj_end is None:
            return None
        mention = (subj_start, subj_end)
    else:
        start = _quote_stop(q) + (len(between) - len(between.lstrip(" ,—–-")))
        end = _strip_trailing_adverbs(text, start, cue.start)
        if end <= start or _BAD_SUBJECT_RE.match(text[start:end]):
            return None
        mention = (start, end)
    via = _via_from_cue(text, cue, cue_end, seg)
    return Candidate(q.start, q.end, "direct", cue.start, cue_end, mention, seg.paragraph, seg.sentence, via=via)


def _direct_before(text: str, seg: Segment, q: QuoteSpan, cue: Cue, prev_stop: int, prior: Sequence[Candidate] = ()) -> Candidate | None:
    cue_end = cue.end
    if cue.frame == "tell":
        cue_end = _recipient_end(text, cue.end, q.open_mark) or cue.end
    between = text[cue_end : q.open_mark]
    # what may stand between cue and quote: punctuation, a time adjunct, "of" (was told by X of "…")
    if cue.frame == "characterise":
        pass  # checked below: an object, then a comma or colon ("defended his decision, "…"")
    elif not _CUE_TO_QUOTE_GAP_RE.fullmatch(between):
        return None
    if cue.frame == "characterise" and not _CHARACTERISED_OBJECT_RE.fullmatch(between):
        return None
    if " by " in between and cue.lemma == "tell":
        m = _TOLD_BY_OF_RE.search(between)
        if m:
            s = cue_end + between.index(m.group(1))
            return Candidate(q.start, q.end, "direct", cue.start, cue_end + between.index(" by ") + 3, (s, s + len(m.group(1))),
                             seg.paragraph, seg.sentence)
    mention = _subject_before(text, Segment(max(prev_stop, seg.start), seg.end, seg.paragraph, seg.sentence,
                                            [x for x in seg.quotes]), cue)
    if mention is None and _participle(cue):
        # ", further saying, "…"": the participle shares the source of the sentence's earlier cue
        earlier = [c for c in prior if c.mention and c.cue_end is not None and c.cue_end <= cue.start]
        if earlier:
            mention = earlier[-1].mention
    if mention is None:
        return None
    via = _via_from_cue(text, cue, cue_end, seg)
    return Candidate(q.start, q.end, "direct", cue.start, cue_end, mention, seg.paragraph, seg.sentence, via=via)


def _qa_candidates(article: Article, segments: list[Segment]) -> list[Candidate]:
    """The answers of a Q&A interview: paragraphs opening "A:" after a "Q:" paragraph."""
    text = article.text
    paras = [u for u in article.paragraph_units if u.kind == "body"]
    marks = [(_QA_RE.match(text, u.start, u.end), u) for u in paras]
    if not any(m and m.group("who").upper() == "Q" for m, _ in marks):
        return []
    out = []
    for m, u in marks:
        if m and m.group("who").upper() == "A":
            end = _trim_space(text, m.end(), u.end)
            sentence = article.sentence_at(m.end())
            out.append(Candidate(m.end(), end, "direct", None, None, None, u.index, sentence or 0, qa_answer=True))
    return out


def _trim_space(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


# ---- assembling -----------------------------------------------------------------------------

def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    cands.sort(key=lambda c: (c.start, -(c.end - c.start)))
    out: list[Candidate] = []
    spans: set[tuple[int, int]] = set()
    cue_kinds: set[tuple[str, int]] = set()
    for c in cands:
        if (c.start, c.end) in spans:
            continue
        # same content claimed by two cues: keep the first (longer) one
        if c.kind != "direct" and c.cue_start is not None and (c.kind, c.cue_start) in cue_kinds:
            continue
        out.append(c)
        spans.add((c.start, c.end))
        if c.cue_start is not None:
            cue_kinds.add((c.kind, c.cue_start))
    return out


def _mark_continuations(article: Article, cands: list[Candidate], quotes: list[QuoteSpan]) -> None:
    """Keep a cue-less quote only where it goes on with a speaker's turn."""
    unclosed_paragraphs = {q.paragraph for q in quotes if q.close_mark is None}
    keep: list[Candidate] = []
    for c in cands:
        if not c.continuation or c.silent_mention is not None:
            keep.append(c)
            continue
        prev = keep[-1] if keep else None
        ok = False
        if prev is not None and prev.mention is not None or (prev is not None and prev.continuation):
            if prev.paragraph == c.paragraph:
                ok = True
            elif prev.paragraph == c.paragraph - 1 and prev.kind == "direct":
                # the previous paragraph's quote ran to its end (a multi-paragraph quote) or ended it
                para = article.paragraph_units[prev.paragraph]
                rest = article.text[prev.end : para.end]
                ok = prev.paragraph in unclosed_paragraphs or len(_WORD_RE.findall(rest)) <= 6
            if not ok and prev.paragraph == c.paragraph - 1 and article.text[: article.paragraph_units[prev.paragraph].end].rstrip().endswith(":"):
                ok = True  # a block quote introduced by "…:" at the end of the paragraph before
        if ok:
            keep.append(c)
    cands[:] = keep


def _resolve(article: Article, cands: list[Candidate]) -> list[tuple]:
    """The records of the candidates, speakers resolved, as tuples in ``QUOTE_COLUMNS`` order."""
    text = article.text
    resolver = speaker_resolver(article)
    previous: list[Speaker] = []
    interview: dict[str | None, str] = {}
    paragraph_interviews: dict[int, re.Match | None] = {}  # the interview phrase of each paragraph
    rows = []
    interviewee: Speaker | None = None
    qa_outlet: str | None = None
    for c in cands:
        via = c.via
        mention_span = c.mention
        if c.qa_answer:
            if interviewee is None:
                interviewee = _interviewee(article, resolver)
                qa_outlet = _interview_outlet(article)
            speaker = interviewee
            mention_text = None
            via = qa_outlet
        elif c.mention is None and c.silent_mention is not None:
            speaker = resolver.resolve(*c.silent_mention, previous=tuple(previous))
            mention_text = None
        elif c.mention is None:  # continuation
            if not previous:
                continue
            speaker = previous[-1]
            mention_text = None
            # an interview's outlet carries over to the speaker's next quotes; "told X" does not
            via = interview.get(speaker.name)
        else:
            speaker = resolver.resolve(c.mention[0], c.mention[1], previous=tuple(previous))
            mention_text = text[c.mention[0] : c.mention[1]]
            if c.relay is None and speaker.entity_kind == "outlet" or (speaker.speaker_type == "media" and via is None):
                via = via or outlet_name(speaker.name or "") or speaker.name
            if via is None and speaker.name in interview and c.cue_start is not None:
                cue_text = text[c.cue_start : c.cue_end]
                if not _TELL_CUE_RE.match(cue_text):
                    via = interview[speaker.name]
        if c.paragraph not in paragraph_interviews:
            paragraph_interviews[c.paragraph] = _interview_in(text, *_paragraph_span(article, c.paragraph))
        seg_interview = paragraph_interviews[c.paragraph]
        if seg_interview and c.mention is not None and via and outlet_name(seg_interview.group("outlet")) == via:
            interview[speaker.name] = via
        if speaker.name is None and speaker.mention is None and mention_text is None and not c.continuation and not c.qa_answer:
            continue
        previous.append(speaker)
        kind = c.kind
        quote = text[c.start : c.end]
        sentence = article.sentence_at(c.start)
        rows.append((
            article.article_id,  # article_id
            c.start,  # start
            c.end,  # end
            quote,  # quote
            kind,  # kind
            text[c.cue_start : c.cue_end] if c.cue_start is not None else None,  # cue
            speaker.name,  # speaker
            mention_text,  # speaker_mention
            speaker.speaker_type or "unknown",  # speaker_type
            speaker.country,  # speaker_country
            via,  # via
            c.paragraph,  # paragraph
            sentence if sentence is not None else c.sentence,  # sentence
            speaker.role,  # role
            speaker.affiliation,  # affiliation
            c.cue_start,  # cue_start
            c.cue_end,  # cue_end
            mention_span[0] if mention_span else None,  # speaker_start
            mention_span[1] if mention_span else None,  # speaker_end
        ))
    return rows


def _paragraph_span(article: Article, index: int) -> tuple[int, int]:
    unit = article.paragraph_units[index]
    return unit.start, unit.end


def _interview_outlet(article: Article) -> str | None:
    m = _first_interview(article.text, article.body_start)
    return outlet_name(m.group("outlet")) or m.group("outlet").removeprefix("the ").removeprefix("The ") if m else None


def _interviewee(article: Article, resolver) -> Speaker:
    """The person a Q&A interview is with: the first full name in the introduction."""
    m = re.search(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+", article.text[article.body_start :])
    if not m:
        return Speaker(name=None, speaker_type="unknown")
    start = article.body_start + m.start()
    return resolver.resolve(start, start + len(m.group()), previous=())


# ---------------------------------------------------------------------------------------------
# Summaries of a records table

def speaker_summary(quotes: pd.DataFrame) -> pd.DataFrame:
    """Statements and quoted words per speaker, from a table of :func:`attribute_quotes` records.

    Args:
        quotes: the records (one or many articles).

    Returns:
        DataFrame, one row per speaker (``speaker`` null is reported as ``"(unattributed)"``),
        sorted by statements: ``speaker``, ``speaker_type``, ``speaker_country``,
        ``n_statements``, ``share_statements`` (0..1 of all records), ``n_direct``,
        ``n_indirect``, ``n_mixed``, ``n_words`` (words in the speaker's quote spans) and
        ``share_words`` (0..1). How to read it: ``share_words`` is how much of the attributed
        text goes to a speaker. Not handled: a speaker named differently in two articles counts
        as two speakers.
    """
    columns = ["speaker", "speaker_type", "speaker_country", "n_statements", "share_statements",
               "n_direct", "n_indirect", "n_mixed", "n_words", "share_words"]
    if quotes.empty:
        return pd.DataFrame(columns=columns)
    frame = quotes.assign(
        speaker=quotes["speaker"].fillna("(unattributed)"),
        n_words=quotes["quote"].map(lambda q: len(_WORD_RE.findall(q))),
    )
    rows = []
    for speaker, group in frame.groupby("speaker", sort=False):
        kinds = group["kind"].value_counts()
        rows.append({
            "speaker": speaker,
            "speaker_type": group["speaker_type"].mode().iat[0],
            "speaker_country": group["speaker_country"].dropna().mode().iat[0] if group["speaker_country"].notna().any() else None,
            "n_statements": len(group),
            "n_direct": int(kinds.get("direct", 0)),
            "n_indirect": int(kinds.get("indirect", 0)),
            "n_mixed": int(kinds.get("mixed", 0)),
            "n_words": int(group["n_words"].sum()),
        })
    out = pd.DataFrame(rows)
    out["share_statements"] = out["n_statements"] / out["n_statements"].sum()
    out["share_words"] = out["n_words"] / max(1, out["n_words"].sum())
    return out[columns].sort_values(["n_statements", "n_words"], ascending=False, ignore_index=True)


def cue_summary(quotes: pd.DataFrame) -> pd.DataFrame:
    """How often each reporting verb or phrase introduces a record, by lemma and cue type.

    Args:
        quotes: records from :func:`attribute_quotes`.

    Returns:
        DataFrame, one row per lemma, most used first: ``lemma`` ("say", "call on", "according
        to"; ``"(none)"`` for continuation quotes, ``"(other)"`` for a cue outside the lexicon),
        ``cue_type`` (speech, directive, cognition, evaluative, sourcing), ``n`` and ``share``
        (0..1 of all records), ``forms`` (the forms as written, "|"-separated).
    """
    columns = ["lemma", "cue_type", "n", "share", "forms"]
    if quotes.empty:
        return pd.DataFrame(columns=columns)
    cue_re, entries = _lexicon()
    rows = []
    for cue in quotes["cue"]:
        if cue is None or (isinstance(cue, float) and pd.isna(cue)) or pd.isna(cue):
            rows.append(("(none)", "none", ""))
            continue
        m = cue_re.search(cue)
        if m:
            lemma, cue_type, _ = entries[re.sub(r"\s+", " ", m.group().lower())]
            rows.append((lemma, cue_type, m.group()))
        else:
            rows.append(("(other)", "other", cue))
    frame = pd.DataFrame(rows, columns=["lemma", "cue_type", "form"])
    out = (
        frame.groupby(["lemma", "cue_type"], sort=False)
        .agg(n=("form", "size"), forms=("form", lambda f: "|".join(sorted({x for x in f if x}))))
        .reset_index()
    )
    out["share"] = out["n"] / out["n"].sum()
    return out[columns].sort_values(["n", "lemma"], ascending=[False, True], ignore_index=True)
