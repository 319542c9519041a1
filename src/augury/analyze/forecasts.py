"""Forecasts and pledges: statements about the future, who holds them and how confidently.

Rules over the dependency parse, one sentence at a time (the lines of a sentence apart):
- a trigger marks a future statement: a modal (will, would, could, may, might, shall; "can" only
  with a time frame) or "is going/set/bound/about to"; a predicate from the hedge table ("is
  likely to", "X is possible", "we can expect that", "should be expected", "there is a chance");
  a pledge verb or noun with its infinitive ("has pledged to end", "his promise to resolve"); a
  prediction verb ("forecasted new ups and downs"). Not triggers: "should"/"must" of advice,
  past counterfactuals ("would have"), "would" under a past-tense "if" ("if we got along, that
  would be good"), triggers inside embedded questions ("how he would do this"), conditions,
  concessions ("while it might seem"), wishes ("Russians hope that he will"), hypothetical
  modals in restrictive relative clauses ("any deal that would"), questions (only their relative
  clauses count: "in a world where allies are bound to face difficulties, will Russia ...?") and
  sentences addressed to the reader ("Your email address will not be published").
- a sentence is split into its coordinated main clauses ("Moscow will certainly take advantage
  of this, yet won't go out on a limb"); each clause with a trigger is one forecast, or one per
  quote when its triggers lie in different quotes. The claim is the clause around its highest
  trigger, cut to the quote's content when the trigger lies inside a quote that holds its clause.
- holder: for a pledge, the actor who pledges when it can be named, even inside a quote that
  reports it ("Putin expressed his readiness to ..., according to Markov": Putin). Else the
  quote's speaker when the trigger lies inside a quote; an indirect quote without a speaker
  ("the evidence tells us that", "experts suggest") is the author's, a direct one has no holder.
  Outside quotes: who made a reported prediction ("Cenusă, who forecasted ..."), else the author.
- kind: `pledge` for an actor's commitment about its own action (a pledge verb or noun, or "X
  said/believes he will <act>"), else `forecast`.
- condition: the clause of an "if" (not "as if"), "unless", "assuming X", "in the event of/that",
  "in case of/that", "as long as", "provided that", or an opening "Should X happen, ...", kept as
  text with its span; "Otherwise, ..." carries the negation of the paragraph's previous condition
  ("not (if Trump is powerful and brave enough)", spanning those words).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from augury.analyze.actors import ActorIndex
from augury.analyze.deps import (
    CLAUSE_BOUNDARIES,
    NOMINAL_SUBJECTS,
    SUBJECTS,
    nominal_subject,
    subject_of,
)
from augury.analyze.doctext import paragraph_at, text_of
from augury.analyze.hedges import HedgeMatch, depth, find_hedge, matches, rates_predicate
from augury.analyze.horizon import find_horizon, names_period
from augury.analyze.speakers import (
    FIRST_PERSON,
    PRONOUN_GENDER,
    Resolved,
    SpeakerResolver,
)
from augury.model import Forecast, ForecastKind, Quote
from augury.words import load

if not Doc.has_extension("forecasts"):
    Doc.set_extension("forecasts", default=None)

BELIEVING = frozenset({"believe", "think"})
WISHES = frozenset({"hope", "want", "wish", "desire"})
WH_WORDS = frozenset({"what", "which", "who", "whom", "whose", "how", "why", "where", "when",
                      "whether", "whatever", "whoever"})  # fmt: skip
OPENING_MARKS = frozenset({"if", "unless", "whether", "while", "although", "though"})
COORDINATORS = frozenset({"and", "but", "yet", "or"})
CONTRASTS = frozenset({"but", "yet", "however", "still", "nevertheless", "nonetheless",
                       "instead", "though", "although"})
CONDITIONALS = ("in the event of", "in the event that", "in case of", "in case that", "as long as",
                "provided that", "providing that", "on condition that")  # fmt: skip
PREDICATE_DEPS = frozenset({"ROOT", "acomp", "oprd", "attr", "ccomp", "xcomp", "conj", "advcl"})
HYPOTHETICAL = frozenset({"would", "could", "might", "may"})
PLEDGING_MODALS = frozenset({"will", "would", "shall", "going to", "can"})
SELF_PRONOUNS = frozenset({"i", "we", "he", "she", "it"})
# Nouns whose "that" clause states their content ("a sentiment that Trump could ..."): not relative.
CONTENT_NOUNS = frozenset({
    "sentiment", "view", "belief", "expectation", "prospect", "possibility", "risk", "chance",
    "danger", "sign", "signal", "warning", "assessment", "prediction", "forecast", "idea",
    "suggestion", "claim", "argument", "concern", "fear", "assumption", "likelihood", "probability",
})  # fmt: skip
ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj", "attr"})


@Language.factory(
    "augury_forecasts",
    assigns=["doc._.forecasts"],
    requires=["doc._.quotes", "doc._.actors", "token.dep"],
)
def make_forecasts(nlp: Language, name: str) -> ForecastFinder:
    return ForecastFinder()


class ForecastFinder:
    """Sets doc._.forecasts: the document's forecasts and pledges, sorted by start."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.forecasts = find_forecasts(doc)
        return doc


def find_forecasts(doc: Doc) -> list[Forecast]:
    """Every forecast and pledge in a parsed Doc, in text order."""
    document = doc._.augury_document
    author = document.author if document else None
    published = document.date if document else None
    quotes = doc._.quotes or []
    actors = ActorIndex(doc._.actors or [])
    resolver = doc._.speakers or SpeakerResolver(doc)
    found = []
    conditions: list[Condition] = []
    for line in _lines(doc):
        question = any(t.text == "?" for t in line)
        triggers = [
            m
            for m in matches(line)
            if _is_trigger(m, quotes, line[0].i, question)
            and (not question or _relative_clause(m.head) is not None)
        ]
        for clause, held in _clauses(line, triggers, question):
            by_quote: dict[int, list[HedgeMatch]] = {}
            for match in held:
                by_quote.setdefault(id(_quote_at(quotes, match.tokens[0])), []).append(match)
            for group in by_quote.values():
                main = min(group, key=lambda m: (depth(m.head), m.tokens[0].i))
                # a pledge noun beside a quoted claim ("His promises … notwithstanding,
                # analyses agree the top 1 percent would …") claims its own phrase only
                words = clause
                if len(by_quote) > 1 and _pledge_noun(main):
                    noun = {t.i for t in main.tokens[0].subtree}
                    words = [t for t in clause if t.i in noun]
                forecast = _forecast(words, main, quotes, actors, resolver, author, published)
                condition = _condition(clause, conditions)
                if condition is not None:
                    conditions.append(condition)
                    forecast.condition, forecast.condition_start, forecast.condition_end = (
                        condition.text, condition.start, condition.end)
                    forecast.conditional = True
                found.append(forecast)
    return _outermost(sorted(found, key=lambda f: (f.start, -f.end)))


def _outermost(forecasts: list[Forecast]) -> list[Forecast]:
    """Drop a forecast that lies inside another one: "one can expect that X will be used"
    is one claim, hedged by its outer frame, not two."""
    kept: list[Forecast] = []
    for f in forecasts:
        if not any(k.start <= f.start and f.end <= k.end for k in kept):
            kept.append(f)
    return kept


def _forecast(
    clause: list[Token],
    main: HedgeMatch,
    quotes: Sequence[Quote],
    actors: ActorIndex,
    resolver: SpeakerResolver,
    author: str | None,
    published: str | None,
) -> Forecast:
    """The forecast of one clause, around its main trigger."""
    quote = _quote_at(quotes, main.tokens[0])
    claim = _claim(clause, main, quote)
    hedge, p = find_hedge(claim, main.head) or (None, None)
    pledger = _pledger(main)
    actor = _name(pledger if pledger is not None else _predictor(main), actors, resolver, quote)
    writer = (author, "author") if author else (None, None)
    nested = _name(_nested_reporter(main, quote), actors, resolver, quote) if quote else None
    if pledger is not None and actor is not None:
        holder, holder_kind = actor.name, actor.kind
    elif nested is not None:
        holder, holder_kind = nested.name, nested.kind
    elif quote is not None and quote.speaker is not None:
        holder, holder_kind = quote.speaker, quote.speaker_kind
    elif quote is not None:
        holder, holder_kind = writer if quote.kind == "indirect" else (None, None)
    elif actor is not None:
        holder, holder_kind = actor.name, actor.kind
    elif (reported := _paraphrase_of(claim, quotes)) is not None:
        holder, holder_kind = reported.speaker, reported.speaker_kind
    else:
        holder, holder_kind = writer
    kind: ForecastKind = "pledge" if pledger is not None else "forecast"
    return Forecast(
        text=claim.text,
        start=claim.start_char,
        end=claim.end_char,
        holder=holder,
        holder_kind=holder_kind,
        hedge=hedge,
        probability=p,
        horizon=find_horizon(claim.text, published),
        kind=kind,
    )


def _paraphrase_of(claim: Span, quotes: Sequence[Quote]) -> Quote | None:
    """The report an unattributed claim goes on with: news writing paraphrases a source over
    several sentences of one paragraph ("Schiff called on the administration to act. That
    could include indicting the hackers."). The report must be reported speech with a verb of
    saying (after a direct quote, or "X suggested", "X declared he would", the writer speaks
    again), end in the claim's sentence or the one before, in the same paragraph; a sentence
    that opens by turning against it ("Yet …", but not "But it would also …") or names the
    report ("This statement shows …") is the writer's."""
    doc = claim.doc
    sent = claim[0].sent
    if sent[0].lower_ in CONTRASTS and not any(t.lower_ == "also" for t in sent):
        return None  # "Yet …" turns against the report; "But it would also …" adds to it
    first = doc[sent.start - 1].sent if sent.start > 0 else sent
    if "\n" in text_of(doc)[first.start_char:sent.start_char]:
        first = sent
    if any(t.lemma_.lower() in load("statement_nouns") for t in sent):
        return None
    found = [q for q in quotes if q.speaker is not None and q.kind != "direct"
             and q.cue in load("saying_verbs")
             and first.start_char <= max(q.end, q.speaker_end or 0) <= claim.start_char]
    return max(found, key=lambda q: q.end, default=None)


def _lines(doc: Doc) -> list[list[Token]]:
    """Sentences cut at line breaks and semicolons (each side of one is a sentence of its own:
    "It's an unlikely scenario; Clinton's team says she'll continue")."""
    lines: list[list[Token]] = []
    for sent in doc.sents:
        current: list[Token] = []
        for token in sent:
            if token.is_space and "\n" in token.text or token.text == ";":
                lines.append(current)
                current = []
            else:
                current.append(token)
        lines.append(current)
    return [line for line in lines if line]


def _clauses(
    line: list[Token], triggers: list[HedgeMatch], question: bool
) -> list[tuple[list[Token], list[HedgeMatch]]]:
    """A line cut into its coordinated main clauses (in a question: the relative clauses that
    hold triggers), each with the triggers it holds."""
    inside = {t.i for t in line}
    if question:
        splits = {r.i for m in triggers if (r := _relative_clause(m.head)) is not None}
    else:
        splits = {m.head.i for m in triggers if _coordinated_clause(m.head)}
    clauses: dict[int, list[Token]] = {}
    clause_of: dict[int, int] = {}
    for token in line:
        top = token
        while top.i not in splits and top.head.i != top.i and top.head.i in inside:
            top = top.head
        clause_of[token.i] = top.i if top.i in splits else -1
        clauses.setdefault(clause_of[token.i], []).append(token)
    held: dict[int, list[HedgeMatch]] = {}
    for match in triggers:
        held.setdefault(clause_of[match.tokens[0].i], []).append(match)
    return [(clauses[key], found) for key, found in held.items()]


def _pledge_noun(match: HedgeMatch) -> bool:
    """Whether a trigger is a pledge noun inside a clause ("his promises to stick it to the
    rich"), not the parser's ROOT for "The campaign plans to …"."""
    first = match.tokens[0]
    return match.hedge.role == "pledge" and first.pos_ == "NOUN" and first.dep_ != "ROOT"


def _coordinated_clause(head: Token) -> bool:
    """Whether a verb is the second of two coordinated main clauses ("X will A, yet won't B")."""
    first = head.head
    if head.dep_ != "conj" or head.pos_ not in ("VERB", "AUX") or first.pos_ not in ("VERB", "AUX"):
        return False
    declared = first.dep_ == "ccomp" and first.head.lemma_ in load("declaring_verbs")
    if not (first.dep_ == "ROOT" or declared):
        return False
    before = head.doc[head.left_edge.i - 1] if head.left_edge.i > 0 else head
    return (
        any(c.dep_ == "cc" and first.i < c.i < head.i for c in first.children)
        or before.is_punct
        or before.lower_ in COORDINATORS
    )


def _relative_clause(head: Token) -> Token | None:
    """The relative clause a clause head lies in, if any."""
    return next((t for t in (head, *head.ancestors) if t.dep_ == "relcl"), None)


def _quote_at(quotes: Sequence[Quote], token: Token) -> Quote | None:
    """The quote whose content holds a token."""
    return next((q for q in quotes if q.start <= token.idx < q.end), None)


def _is_trigger(
    match: HedgeMatch, quotes: Sequence[Quote], line_start: int, question: bool
) -> bool:
    """Whether a hedge match marks a future statement in its own right."""
    first, head, role = match.tokens[0], match.head, match.hedge.role
    if role == "modifier" or _embedded(match, line_start, question):
        return False
    if role == "auxiliary":
        return _future_auxiliary(match) and not _performative(head) and (
            _quote_at(quotes, first) is not None or not _addresses_reader(head)
        )
    if role == "pledge":
        if first.pos_ == "NOUN":
            infinitive = any(c.dep_ in ("acl", "xcomp") and c.tag_ == "VB" for c in first.children)
            # a ROOT noun is the parser's misreading of "The campaign plans to …"
            return infinitive and (first.dep_ in ARGUMENTS or first.dep_ == "ROOT")
        return any(c.dep_ == "xcomp" for c in first.children)
    if role == "prediction":
        return any(c.dep_ in ("dobj", "ccomp") for c in first.children)
    return _predicate(match)


def _future_auxiliary(match: HedgeMatch) -> bool:
    """A modal of the future ("will", "could"), or "be going/set/bound/about to" with a verb."""
    first, head = match.tokens[0], match.head
    if len(match.tokens) > 1:
        verb = match.tokens[-1].head
        return verb.head == first and any(c.lemma_ == "be" for c in first.children)
    if first.lower_ == "can":
        return names_period(head.doc[head.left_edge.i : head.right_edge.i + 1].text)
    if any(c.lemma_ == "have" and c.tag_ == "VB" and c.i > first.i for c in head.children):
        return False  # "would have won"
    return first.lower_ != "would" or not any(_past_condition(c) for c in head.children)


def _performative(head: Token) -> bool:
    """Whether a speaker announces what they are saying ("I'll tell you, …", "I will say
    this"): a first-person verb of saying with no message of its own but "you" or "this"."""
    if head.lemma_ not in load("saying_verbs") and head.lemma_ != "admit":
        return False
    subject = nominal_subject(head)
    if subject is None or subject.lower_ not in ("i", "we"):
        return False
    said = [c for c in head.children if c.dep_ in ("dobj", "ccomp", "xcomp", "dative")]
    return all(c.lower_ in ("you", "this", "that", "it") for c in said)


def _past_condition(clause: Token) -> bool:
    """Whether a clause is a past-tense "if" clause ("if we got along well"); "if her ailment
    were to persist" is a future one."""
    return (
        clause.dep_ == "advcl"
        and clause.tag_ == "VBD"
        and any(c.lower_ == "if" and c.dep_ == "mark" for c in clause.children)
        and not (clause.lemma_ == "be" and any(c.dep_ == "xcomp" for c in clause.children))
    )


def _predicate(match: HedgeMatch) -> bool:
    """A hedge used as the predicate: "X is likely to", "X is possible", "we can expect that"."""
    root, head = min(match.tokens, key=depth), match.head
    if rates_predicate(root):
        return True
    if root.pos_ == "VERB":
        return any(c.dep_ in ("ccomp", "xcomp", "auxpass") for c in root.children)
    if root.dep_ not in PREDICATE_DEPS:
        return False
    children = [*root.children, *head.children]
    if any(c.dep_ in ("xcomp", "csubj", "ccomp", "expl") for c in children):
        return True
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children):
        return True
    # "That looks unlikely": a demonstrative stands for the claim before it; "it is likely"
    # with nothing to be likely is no forecast
    return any(c.dep_ in NOMINAL_SUBJECTS and (c.pos_ != "PRON" or c.lower_ in ("that", "this"))
               for c in head.children)


def _embedded(match: HedgeMatch, line_start: int, question: bool) -> bool:
    """Whether a trigger states no forecast of its own: it sits in an embedded question ("how he
    would"), a condition or concession ("if", "while"), a wish ("they hope that he will"), or a
    restrictive relative clause ("any deal that would"; in a question, where only relative
    clauses count, just for hypothetical modals)."""
    trigger, clause = match.tokens[0], match.head
    while True:
        if clause.dep_ == "relcl":  # "a birther who has pledged to …" reports a pledge
            return (not question or trigger.lower_ in HYPOTHETICAL) and _restrictive(clause) \
                and match.hedge.role != "pledge"
        openers = [w for w in clause.subtree if line_start <= w.i < trigger.i and _opens(w, clause)]
        if openers and _uncertain(clause):
            return False  # "it is unclear whether the bill will pass": the forecast, at 0.5
        if openers:
            return True
        if clause.dep_ not in ("ccomp", "xcomp", "conj"):
            return False
        if clause.dep_ == "ccomp" and clause.head.lemma_ in WISHES:
            return True
        clause = clause.head


def _uncertain(clause: Token) -> bool:
    """Whether a clause is the "whether" clause of "unclear" or "uncertain"."""
    head = clause.head
    words = {head, *(c for c in head.children if c.dep_ == "acomp")}
    return clause.dep_ in ("ccomp", "csubj") and \
        any(w.lemma_.lower() in ("unclear", "uncertain") for w in words) and \
        any(c.lower_ in ("whether", "if") and c.dep_ == "mark" for c in clause.children)


def _opens(word: Token, clause: Token) -> bool:
    """Whether a word opens a clause as a question word or a conditional or concessive mark."""
    if word.lower_ in OPENING_MARKS and word.dep_ == "mark":
        return word.head == clause
    if word.dep_ == "pobj" and word.head.lower_ == "of":
        return False  # "All of which, he said, would help": a relative, not a question
    return word.lower_ in WH_WORDS and _same_clause(word, clause)


def _restrictive(relative: Token) -> bool:
    """Whether a finite relative clause restricts its noun (no comma before it)."""
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in relative.children):
        return False
    if relative.head.lemma_ in CONTENT_NOUNS and any(c.dep_ in SUBJECTS for c in relative.children):
        return False
    start = relative.left_edge.i
    return start > 0 and relative.doc[start - 1].text not in (",", "(", "—", "–")


def _same_clause(word: Token, clause: Token) -> bool:
    """Whether the path from a word up to a clause head crosses no other clause's boundary."""
    while word != clause:
        if word.dep_ in CLAUSE_BOUNDARIES or word.head == word:
            return False
        word = word.head
    return True


def _addresses_reader(head: Token) -> bool:
    """Whether a clause's subject is the reader ("Your email address will not be published")."""
    subjects = [c for c in head.children if c.dep_ in SUBJECTS]
    return any(w.lower_ in ("you", "your") for s in subjects for w in s.subtree)


def _pledger(main: HedgeMatch) -> Token | None:
    """Who commits itself, when the main trigger is a pledge; else None."""
    first, head = main.tokens[0], main.head
    if any(a.lemma_ in ("seem", "appear") for a in head.ancestors):
        return None
    if main.hedge.role == "pledge" and first.pos_ == "NOUN":
        if first.dep_ == "ROOT":  # "The Clinton campaign plans to …" read as one noun phrase
            nouns = [c for c in first.children if c.dep_ == "compound" and c.i < first.i]
            return nominal_subject(first) or (nouns[-1] if nouns else None)
        possessor = next((c for c in first.children if c.dep_ == "poss"), None)
        return nominal_subject(first.head) if first.dep_ == "dobj" else possessor
    if main.hedge.role == "pledge":
        # "Trump revised his plan, promising to …": a participle's pledger is the clause's subject
        subject = nominal_subject(head) or (subject_of(head) if head.tag_ == "VBG" else None)
        if subject is not None and subject.tag_ in ("WP", "WDT") and head.dep_ == "relcl":
            return _described(head.head)  # "Trump, who has pledged to …"
        if subject is not None and subject.pos_ == "PRON" and head.dep_ == "ccomp":
            return nominal_subject(head.head)
        return subject
    if main.hedge.phrase in PLEDGING_MODALS and _reports_own_action(head):
        return nominal_subject(head.head)
    return None


def _nested_reporter(main: HedgeMatch, quote: Quote) -> Token | None:
    """Who a quote's speaker reports as holding its forecast: "“People say, ‘Clinton will get 90
    percent,’” said King" is held by "people", not King; "I think" is the speaker's own."""
    clause = main.head
    while clause.dep_ in ("conj", "advcl", "ccomp") and clause.head != clause:
        reporting = clause.dep_ == "ccomp" and (
            _self_reporting(clause.head) or clause.head.lemma_ == "expect")
        clause = clause.head
        if not quote.start <= clause.idx < quote.end:
            return None
        if reporting:
            subject = nominal_subject(clause)
            return subject if subject is not None and subject.lower_ not in FIRST_PERSON else None
    return None


def _person_named(mention: Token) -> Token | None:
    """The person a mention names, also through an apposition the parser hung on a dateline
    ("WASHINGTON -- President Obama, …, said")."""
    if mention.ent_type_ == "PERSON":
        return mention
    return next((c for c in mention.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"),
                None)


def _described(noun: Token) -> Token:
    """Who a noun describes: "Trump is a liar and birther who …" -> Trump."""
    while noun.dep_ == "conj" and noun.head != noun:
        noun = noun.head
    if noun.dep_ == "attr" and noun.head.lemma_ == "be":
        return subject_of(noun.head) or noun
    return noun


def _self_reporting(verb: Token) -> bool:
    """A verb after which "he would" is its subject's own: "declared", "said", "believes"."""
    return verb.lemma_ in load("declaring_verbs") or verb.lemma_ in BELIEVING


def _reports_own_action(head: Token) -> bool:
    """Whether a clause reports what its speaker will do: "Trump declared he would end the war"."""
    if head.dep_ != "ccomp" or not _self_reporting(head.head) or head.lemma_ == "be":
        return False
    if any(c.dep_ == "auxpass" for c in head.children):
        return False
    subject, reporter = nominal_subject(head), nominal_subject(head.head)
    if subject is None or reporter is None:
        return False
    genders = {PRONOUN_GENDER.get(subject.lower_), PRONOUN_GENDER.get(reporter.lower_)}
    if None not in genders and len(genders) == 2:
        return False  # "“She'd win,” he said"
    if subject.lower_ == "it" and _person_named(reporter) is not None:
        return False  # "Obama said it would tell an American story": "it" is no person
    return subject.lower_ in SELF_PRONOUNS or subject.lower_ == reporter.lower_


def _predictor(main: HedgeMatch) -> Token | None:
    """Who made a reported prediction ("Cenusă, who forecasted ...") or holds the belief a
    forecast is the content of ("she was sure Trump would win"); else None."""
    head = main.head
    if main.hedge.role != "prediction":
        believing = head.head
        if head.dep_ == "ccomp" and believing.lemma_.lower() in load("belief_adjectives"):
            return nominal_subject(believing.head if believing.dep_ == "acomp" else believing)
        return None
    subject = nominal_subject(head)
    if subject is not None and subject.tag_ in ("WP", "WDT") and head.dep_ == "relcl":
        return head.head
    return subject


def _name(
    mention: Token | None, actors: ActorIndex, resolver: SpeakerResolver,
    quote: Quote | None = None,
) -> Resolved | None:
    """The actor a mention names: a name, resolved by the document's actors; "I" or "we" the
    speaker of the quote it stands in (outside quotes, the writer); for "he" or "his" the
    nearest person named before it in the sentence, else the one the discourse points to other
    than the speaker of its quote (nested speech: "“He said he would review the tariffs,”
    Harper said" is a pledge of the president's); a common noun as the speaker resolver reads
    it ("analysts": a group, "the campaign": the campaign named before)."""
    if mention is None:
        return None
    mention = _person_named(mention) or mention
    where = (mention.idx, mention.idx + len(mention))
    speaker = quote.speaker if quote is not None else None
    if quote is not None and speaker is not None and quote.speaker_kind and \
            quote.speaker_start is not None and quote.speaker_end is not None and \
            quote.speaker_start <= mention.idx < quote.speaker_end:
        return Resolved(speaker, quote.speaker_kind, where)  # the quote's own frame
    if mention.lower_ in FIRST_PERSON:
        if quote is None:
            return resolver.resolve(mention.doc[mention.i : mention.i + 1])
        kind = quote.speaker_kind
        return Resolved(speaker, kind, where) if speaker is not None and kind else None
    if mention.pos_ == "PRON":
        for token in reversed(mention.doc[mention.sent.start : mention.i]):
            actor = actors.lookup(token.text) if token.pos_ == "PROPN" else None
            if actor is not None and actor.kind == "person":
                return Resolved(actor.name, "person", where)
        if mention.lower_ in PRONOUN_GENDER or mention.lower_ in ("they", "their", "them"):
            return resolver.resolve(mention.doc[mention.i : mention.i + 1], exclude=speaker)
        return None
    if mention.pos_ in ("NOUN", "PROPN") or mention.ent_type_:
        return resolver.resolve(resolver.mention_at(mention))
    return None


def _claim(clause: list[Token], main: HedgeMatch, quote: Quote | None) -> Span:
    """The claim: the clause's run of tokens around the trigger, cut to the content of a direct
    or indirect quote that holds the trigger (a partial quote holds a few words of a clause)."""
    doc, anchor = main.tokens[0].doc, main.tokens[0].i
    if quote is not None and quote.kind != "partial":
        clause = [t for t in clause if t.idx >= quote.start and t.idx + len(t) <= quote.end]
    members = {t.i for t in clause}
    start = end = anchor
    while start - 1 in members:
        start -= 1
    while end + 1 in members:
        end += 1
    while start < anchor and (_loose(doc[start]) or _complementizer(doc[start])):
        start += 1
    while end > anchor and _loose(doc[end]) and not _closes(doc[start : end + 1]):
        end -= 1
    return doc[start : end + 1]


def _loose(token: Token) -> bool:
    """Punctuation or a conjunction at the edge of a claim, left out of it."""
    return token.is_punct or token.dep_ == "cc" or token.lower_ in COORDINATORS


def _complementizer(token: Token) -> bool:
    """The "that" opening a reported clause, left out of the claim."""
    return token.lower_ == "that" and token.dep_ == "mark"


def _closes(span: Span) -> bool:
    """Whether a span ends with the bracket that closes one it opened: "(and China)"."""
    return span[-1].text == ")" and "(" in span.text


def _if_clause(token: Token) -> bool:
    """Whether a token is the "if" of a conditional clause (not "as if")."""
    if token.lower_ != "if" or token.dep_ != "mark" or token.head.dep_ != "advcl":
        return False
    return token.i == 0 or token.doc[token.i - 1].lower_ != "as"


@dataclass(frozen=True)
class Condition:
    """A forecast's condition: its text, and the span of the words it comes from."""

    text: str
    start: int
    end: int
    paragraph: int


def _paragraph(token: Token) -> int:
    return paragraph_at(token.doc, token.idx)


def _span_of(tokens: list[Token]) -> Span | None:
    """The tokens' extent, without punctuation at its edges."""
    tokens = sorted(tokens, key=lambda t: t.i)
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    while tokens and tokens[0].is_punct:
        tokens = tokens[1:]
    return tokens[0].doc[tokens[0].i:tokens[-1].i + 1] if tokens else None


def _condition(clause: list[Token], earlier: list[Condition]) -> Condition | None:
    """The condition a clause holds, as text and span (see the module docstring)."""
    span: Span | None = None
    for token in clause:
        lower = token.lower_
        if lower in ("if", "unless") and (lower == "unless" or _if_clause(token)):
            span = _span_of([token, *token.head.subtree])
        elif lower == "assuming" and any(c.dep_ == "ccomp" for c in token.children):
            span = _span_of(list(token.subtree))
        elif lower == "should" and (token.i == clause[0].i or token.nbor(-1).is_punct):
            # questions are skipped, so an opening "Should" is an inverted "if": up to its comma
            end = next((t.i for t in clause if t.i > token.i and t.text == ","), clause[-1].i + 1)
            span = _span_of(list(token.doc[token.i:end]))
        elif lower == "otherwise":
            previous = [c for c in earlier if c.paragraph >= _paragraph(token) - 1]
            if previous:
                last = previous[-1]
                return Condition(f"not ({last.text})", last.start, last.end, _paragraph(token))
            span = token.doc[token.i:token.i + 1]
        else:
            text = token.doc[token.i:token.i + 4].text.lower()
            phrase = next((c for c in CONDITIONALS if text.startswith(c)), None)
            if phrase is not None:
                n = len(phrase.split())
                after = token.doc[token.i + n] if token.i + n < len(token.doc) else token
                span = _span_of([*token.doc[token.i:after.i], *after.head.subtree])
        if span is not None and len(span):
            return Condition(span.text, span.start_char, span.end_char, _paragraph(span[0]))
    return None
