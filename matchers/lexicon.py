"""The built-in paraphrase table: how official statements word events, in data.

Every phrase is written in *normalised* form (``matchers.text.normalize``: case- and
accent-folded, punctuation and apostrophes removed, Arabic letters folded), so that
"a été libéré" is written ``libere`` and "s'est établi" ``sest etabli``. Phrase syntax
(compiled by ``matchers.cues``):

* ``word~``  the word and any ending (``repatri~`` → repatriated, repatriation, repatriados)
* ``*``      up to three words in between; ``**`` up to six
* anything else literally, on word boundaries (CJK phrases as plain substrings)

Event classes are general verbs of official business — handing over, repatriating,
granting asylum, releasing, signing, winning, striking, cutting, raising, holding,
extending, lifting, imposing, approving, rejecting, suspending … — each with the
question words that evoke it (``triggers``) and the phrases that state it (``cues``)
in English and, where statements are commonly published in them, French, Spanish,
Portuguese, Italian, Romanian, Turkish, Arabic and Japanese. Nothing here names a
particular question.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EventClass:
    name: str
    #: Question/label words (normalised, stemmed prefixes allowed with ``~``) evoking it.
    triggers: tuple[str, ...]
    #: Phrases stating the event happened.
    cues: tuple[str, ...]
    #: A plainly announced future ("a second round will be held") establishes it.
    future_ok: bool = False
    #: A state that persists ("still detained"): settles only at the deadline.
    persistent: bool = False


def _c(
    name: str,
    triggers: str,
    cues: str,
    *,
    future_ok: bool = False,
    persistent: bool = False,
) -> EventClass:
    return EventClass(
        name,
        tuple(t.strip() for t in triggers.split("|") if t.strip()),
        tuple(c.strip() for c in cues.split("|") if c.strip()),
        future_ok=future_ok,
        persistent=persistent,
    )


EVENT_CLASSES: tuple[EventClass, ...] = (
    _c(
        "return",
        "return~|repatriat~|deport~|sent back|send back",
        "return~ to|returned|repatriat~|deport~|sent back|send~ back|hand~ over to|handed over"
        "|handover of|transferred back|removal flight|removed to|crossed back|back to their country"
        "|rapatri~|renvoy~|remis aux|remis a|expulse~|retour~|reconduit~ a la frontiere"
        "|devuelt~|retornad~|retorno|deportad~|entregad~ a|repatriad~|regres~"
        "|devolvid~|repatriad~|rimpatri~|abgeschoben|abschiebung~|ruckgefuhrt|ruckfuhrung~"
        "|تسليم|اعاده|ترحيل|عوده",
    ),
    _c(
        "asylum",
        "asylum|refugee status|protection status",
        "grant~ asylum|granted * asylum|asylum * granted|refugee status|international protection"
        "|residence permit~|right to stay|accorde~ l asile|asile|asilo|refugio|لجوء",
    ),
    _c(
        "transfer",
        "transfer~|relocat~|resettl~",
        "transferr~ to|transfer~ to|relocat~ to|resettl~ in|resettl~ to|moved to|flown to"
        "|hand~ over to|handed over|transfere~ vers|trasladad~ a|transferid~ para|نقل",
    ),
    _c(
        "release",
        "releas~|freed|free~|liberat~",
        "releas~|freed|set free|liberat~|regained their freedom|allowed to leave|walked free"
        "|handed over to * consular|handed over to * authorities|libere~|liberation"
        "|retrouve la liberte|ont retrouve la liberte|remis aux autorites|liberad~|liberacion"
        "|puestos en libertad|libertad~|libertacao|rilasciat~|liberat~|eliberat~|serbest birak~"
        "|freigelassen|freilassung|الافراج|اطلاق سراح",
    ),
    _c(
        "trial",
        "trial|charg~|prosecut~|indict~|court",
        "put on trial|stand trial|charged with|indicted|prosecut~|brought before * court"
        "|referred to * court|trial began|tried|juge~|proces|inculpe~|poursuit~|juzgad~|juicio"
        "|acusad~|processad~|julgad~|processat~|محاكمه|اتهام",
    ),
    _c(
        "sentence",
        "sentenc~|convict~|jail~|prison",
        "sentenced|convicted|jailed|prison term|imprisonment|condamne~|condenad~|condannat~"
        "|حكم علي~",
    ),
    _c(
        "still_held",
        "still|remain~ in custody|custody|detention",
        "remain~ in custody|remain~ detained|remain~ in detention|still held|still detained"
        "|still in custody|continue~ to be held|continue~ to be detained|remain~ on board"
        "|remain~ held|toujours detenu~|restent detenu~|siguen detenid~|permanecen detenid~"
        "|continuam detid~",
        persistent=True,
    ),
    _c(
        "sign",
        "sign~|conclude~|ink~",
        "signed|signing|signature~|sign~ the|put their signature~|affixed their signature~"
        "|inked|concluded the|conclusion of the|signe~|signature|firm~|suscrib~|assinad~"
        "|assinatura|firmat~|imzala~|unterzeichne~|توقيع|وقع",
    ),
    _c(
        "agree",
        "agree~|accept~|accord",
        "agreed|agreed on|agreed to|reached an agreement|reached agreement|concluded an agreement"
        "|accepted|acceptance of|endorsed|se sont mis d accord|ont convenu|convenu~|accepte~"
        "|acordaron|acordado|aceptad~|aceito~|concordaram|اتفق|الاتفاق على|وافق",
    ),
    _c(
        "ceasefire",
        "ceasefire|cease fire|truce|cessation of hostilities|armistice",
        "ceasefire|cease fire|truce|cessation of hostilities|armistice"
        "|cease~ all military operations|cease~ * military operations"
        "|halt~ * military operations|cessez le feu|treve"
        "|cese al fuego|alto el fuego|tregua|cessar fogo|ateskes|waffenstillstand|waffenruhe"
        "|وقف اطلاق النار|هدنه",
    ),
    _c(
        "win",
        "win|wins|won|winner|elected|elect|victor~",
        "won|wins|winner|declared ** winner|declared ** elected|declared elected|duly elected"
        "|returned elected|hereby returned|elected as|elected president|projected ** winner"
        "|conceded to|conceded defeat|obtained * majority|won * majority|declare~ ** elu|est elu"
        "|proclame~ ** elu|declare~ ** elue|est elue|proclame~ ** elue|vainqueur|electo|electa"
        "|ganador~|gano|proclamad~|declara~ ** eleit~"
        "|eleito|eleita|vencedor~|venceu|eletto|eletta|vincitore|ales|castigator|kazan~|secildi"
        "|gewahlt|gewonnen|wahlsieger~"
        "|فاز|فوز|انتخاب",
    ),
    _c(
        "second_round",
        "second round|runoff|run off",
        "second round|runoff|run off|segunda vuelta|balotaje|second tour|deuxieme tour"
        "|segunda volta|ballottaggio|turul al doilea|ikinci tur|جوله ثانيه|جوله الاعاده",
        future_ok=True,
    ),
    _c(
        "strike",
        "strik~|airstrik~|bomb~|attack~",
        "strike~|struck|airstrike~|air strike~|air raid~|air operation~|bombed|bombing~"
        "|carried out strikes|conducted strikes|hit targets|targeted|shelled|precision strike~"
        "|frappe~|bombarde~|ataque~|bombarde~|ataque aereo|attacco|hava harekat~|hava operasyon~"
        "|غاره|غارات|قصف",
    ),
    _c(
        "cut",
        "cut~|lower~|reduc~|decreas~|eas~ the rate",
        "cut~|lower~|reduc~|decreas~|trim|trims|trimmed|trimming"
        "|eased the policy rate|baisse~|abaiss~|redui~"
        "|disminu~|diminu~"
        "|reduccion|recort~|rebaj~|redujo|baj~|reducao|reduzi~|taglio|ridott~|indirim~"
        "|dusur~|gesenkt|senkt|senkung|خفض|تخفيض"
        "|снизить|снизил~|снижен~|понизить|понизил~|понижен~",
    ),
    _c(
        "raise",
        "rais~|hike~|increas~|tighten~",
        "raise~|raising|hike~|increas~|tighten~|releve~|relevon~|hausse|augmente~|aument~|alza|subi~"
        "|elevo|elevar|elevou|rialz~|artir~|yukselt~|erhoht|erhohung|angehoben|رفع"
        "|повысить|повысил~|повышен~",
    ),
    _c(
        "hold",
        "hold|unchanged|keep|maintain~|pause",
        "hold|held|holds|kept|keep~|maintain~|unchanged|constant|steady|on hold|left * unchanged"
        "|leave * unchanged|at the same level|maint~|inchange~|mantien~|mantuvo|mantener"
        "|sin cambios|manteve|manter|mantenut~|invariat~|sabit tut~|sabit birak~|unverandert"
        "|belassen|beibehalten|تثبيت|الابقاء"
        "|сохранить|сохранил~|сохранен~|без изменении|оставить * без изменении"
        "|ابقاء",
    ),
    _c(
        "extend",
        "extend~|extension|renew~|prolong~|beyond",
        "extend~|extension|renew~|prolong~|reconduct~|prolonge~|prolongation|prorog~|reconduit~"
        "|prorrog~|extendi~|ampliaci~|prorroga~|prorrogacao|prorogat~|proroga|prelungi~|uzat~"
        "|verlangert|verlangerung|تمديد"
        # a Council's operative wording: "decided that the mandate … shall continue until"
        "|shall continue until|shall remain in force until|continuera jusqu~|continuara hasta",
    ),
    _c(
        "lift",
        "lift~|remov~|delist~|revok~|rescind~|end~ the",
        "lift~|lifting of|remov~|delist~|revok~|rescind~|terminat~|unfr~|no longer subject"
        "|taken off|lever|levee|leve|levant~|retir~|suprim~|levantament~|revoga~|revocat~"
        "|kaldir~|aufgehoben|aufhebung|رفع العقوبات"
        # a listing that lapses: "decided not to renew the listing of X"
        "|not to renew ** listing~|not to renew ** designation~|not to prolong ** listing~"
        "|not to maintain ** listing~|ne pas renouveler ** inscription~|ne pas proroger"
        "|no renovar ** inclusion|no prorrogar ** inclusion|nao renovar ** inclusao",
    ),
    _c(
        "uphold",
        "uphold~|upheld|affirm~",
        "upheld|uphold~|affirmed|affirms|confirm~ ** verdict|confirm~ ** conviction"
        "|confirm~ ** judgment|confirm~ ** judgement|confirm~ ** sentence|dismiss~ ** appeal"
        "|reject~ ** appeal|confirme~ ** jugement|confirme~ ** condamnation|confirme~ ** peine"
        "|confirme~ ** decision attaquee|rejete~ ** appel|rejete~ ** pourvoi|confirm~ ** sentencia"
        "|confirm~ ** condena|desestim~ ** recurso|desestim~ ** apelacion|confirmou ** condenacao"
        "|confirmou ** sentenca|negou provimento|conferm~ ** condanna|conferm~ ** sentenza"
        "|respint~ ** ricorso|respint~ ** appello|تاييد الحكم|ايدت|رفض الطعن|رفض الاستئناف",
    ),
    _c(
        "quash",
        "quash~|overturn~|revers~|acquit~|set aside|annul~|vacat~",
        "quash~|overturn~|reversed|reverses|set aside|sets aside|acquit~|allowed the appeal"
        "|allow~ * appeal|vacated|infirme~|annule~ ** jugement|annule~ ** condamnation"
        "|casse~ ** arret|relaxe~|revoc~ ** sentencia|revoc~ ** condena|absuel~|absolvi~"
        "|absolt~|annullat~|الغاء الحكم|براءه",
    ),
    _c(
        "maintain",
        "maintain~|retain~|keep",
        "maintain~|uphold~|upheld|retain~|remain~ in place|remain~ in force|keep~|kept"
        "|continue~ to apply|continu~ in force"
        "|maint~|mantien~|mantener|mantuvo|manteve|manter|mantenut~|ابقاء",
    ),
    _c(
        "impose",
        "impos~|sanction|sanctions|freez~",
        "impos~ sanctions|sanction~|designat~|to list|listed|added to * list|asset~ freeze"
        "|freez~ * assets|restrictive measures|special economic measures|package of * measures"
        "|adopted * package|sanctionne~|mesures restrictives|sancion~|medidas restrictivas"
        "|sancoes|sanzion~|عقوبات",
    ),
    _c(
        "tighten",
        "tighten~|additional|expand~|new sanctions|strengthen~",
        "tighten~|additional sanctions|further sanctions|expand~ the|strengthen~|new sanctions"
        "|new restrictive measures|renforce~|endurec~",
    ),
    _c(
        "reimpose",
        "reimpos~|reinstat~|snapback|snap back|restor~ sanctions",
        "reimpos~|re impos~|reinstat~|again in effect|back in force|back into force|re establish~"
        "|reestablish~|snapped back|snap back|come back into force|restored|retabli~|restablec~"
        "|restabelec~|ripristinat~",
    ),
    _c(
        "delay",
        "delay~|postpon~|defer~",
        "delay~|postpon~|defer~|report~ a|aplaz~|pospuest~|adiad~|rinviat~",
    ),
    _c(
        "adopt",
        "adopt~|pass|passed|approv~ a resolution",
        "adopt~|passed|approved|endorsed|adopte~|aprob~|aprovad~|approvat~|adoptat~|angenommen"
        "|beschlossen|beschliesst|verabschiedet|zugestimmt|stimmt~ ** zu|اعتمد"
        "|принят|принята|принято|приняты|принятым|принятыми|принятои|одобрен|одобрена|одобрено"
        "|одобрены|одобрил~|утвержден|утверждена|утверждено|утверждены|утвердил~",
    ),
    _c(
        "approve",
        "approv~|authoris~|authoriz~|grant~|recommend~|positive opinion|prequalif~|licen~",
        "approv~|granted approval|grant~ * approval|grant~ permission|permission * granted"
        "|authori~ * marketing|marketing authori~"
        "|positive opinion|recommend~ * granting|recommended * approval|prequalif~|licensed"
        "|cleared|responded affirmatively|voted in favour|voted in favor"
        "|decision is considered adopted"
        "|considered adopted|approuve~|autorise~|avis favorable|aprobad~|aprobo|autorizad~"
        "|aprovad~|autorizzat~|approvat~|onay~|genehmigt|zugelassen|許可"
        "|принят|принята|принято|приняты|принятым|принятыми|принятои|одобрен|одобрена|одобрено"
        "|одобрены|одобрил~|утвержден|утверждена|утверждено|утверждены|утвердил~",
    ),
    _c(
        "veto",
        "veto~",
        "veto|vetoes|vetoed|vetoing|negative vote of * permanent member~|cast~ * veto"
        "|used * veto|exercised * veto|blocked by * veto|vote negatif d * membre permanent"
        "|oppose son veto|droit de veto|vetado|vetada|vetou|vetat~"
        "|الفيتو|حق النقض",
    ),
    _c(
        "reject",
        "reject~|refus~|den~ permission|not to grant|complete response",
        "reject~|refus~|decided not to grant|not to grant|not to approve|declined to approve"
        "|negative opinion|denied permission|den~ * application|did not approve|rejete~"
        "|refuse~|avis defavorable|rechaz~|deneg~|rejeitad~|indeferi~|respint~|ret~ edil~|abgelehnt"
        "|lehnt~ ** ab|zuruckgewiesen|不許可"
        "|رفض",
    ),
    _c(
        "complete",
        "complete|completes|completed|completion|finalis~|finaliz~",
        "completed|completes|completion of|concluded the|concludes the|has concluded"
        "|finalised|finalized|finalise~ the|finalize~ the|achev~|a conclu|ont conclu|concluyo"
        "|completo|concluiu|concluid~|concluse|ha concluso|abgeschlossen|اكمال|استكمال|اختتام",
    ),
    _c(
        "disburse",
        "disburs~",
        "disburs~|desembols~|decaiss~|erogat~|auszahl~|صرف",
    ),
    _c(
        "complete_response",
        "complete response",
        "complete response letter|issued a complete response|crl",
    ),
    _c(
        "review_extended",
        "review extended|extend~ the review|extended review",
        "extended the review|review period * extended|extend~ * review|review * extended"
        "|pdufa * extended|new target date",
    ),
    _c(
        "suspend",
        "suspend~|suspension|halt~|pause~",
        "suspend~|suspension|halt~|paused|freez~|suspendu~|suspension|suspendid~|suspens~"
        "|sospes~|askiya al~|ausgesetzt|aussetzung|تعليق",
    ),
    _c(
        "meet",
        "meet~|met|meeting|talks|summit",
        "met|meet~|held a meeting|held talks|bilateral meeting|meeting * took place|took place"
        "|held * talks|talks in|rencontre~|reunion|se sont reunis|reunieron|reuniao|incontro"
        "|s au intalnit|gorus~|اجتماع|التقى|لقاء",
    ),
    _c(
        "host",
        "host~|venue|where",
        "host~|under the auspices|at the invitation|in the capital|sous les auspices|a l invitation"
        "|bajo los auspicios|anfitrion~|ev sahipligi|استضاف",
    ),
    _c(
        "mediate",
        "mediat~|broker~|facilitat~|credit~",
        "mediat~|brokered|facilitated|good offices|grateful to|thank~ * for * mediation"
        "|thanks to the mediation|with the mediation|mediation of|mediation by|mediateur"
        "|mediacion|mediacao|mediazione|arabulucu~|وساطه",
    ),
    _c(
        "evacuate",
        "evacuat~|flight|take the refugees|relocat~",
        "evacuat~|arrived in|landed in|flown to|relocated to|transferred to|received|evacue~"
        "|arrive~ a|evacuad~|llegaron a|ارسال",
    ),
    _c(
        "disembark",
        "disembark~|land~|port|dock~",
        "disembark~|landed|brought ashore|allowed to dock|entered port|enter port|docked"
        "|reached the port|debarque~|debarquement|desembarc~|sbarc~|sbarco|approdat~",
    ),
    _c(
        "receive",
        "receiv~|repatriation flight|removal flight|deportation flight|flight",
        "received|receives|welcomed|removal flight|deportation flight|repatriation flight"
        "|return flight|flight * landed|landed|arrived|aterriz~|vuelo|llegaron|recibi~|retornad~"
        "|ateriz~|chegou|chegaram",
    ),
    _c(
        "restore",
        "restor~|reconnect~|resum~|back online",
        "restored|restoration of|reconnected|re connected|back online|resumed|re established"
        "|reestablished|retabli~|restablecid~|restabelecid~",
    ),
    _c(
        "certify",
        "certif~|malaria free|eliminat~",
        "certified|certifies|certification|declared * free|certifie~|certificad~|certificat~",
    ),
    _c(
        "determine",
        "determin~|constitut~|emergency|pheic",
        "constitut~ a|constitut~ an|declared * emergency|declare~ * pheic|is a pheic"
        "|public health emergency of international concern|constitue~|constituye~"
        "|remain~ a pheic|still a pheic",
    ),
    _c(
        "inspect",
        "inspect~|inspection|verif~|access",
        "inspected|inspecting|inspection|inspections|conducted * verification"
        "|verification activit~|carried out * inspection~|access to",
    ),
    _c(
        "organise",
        "organi~|convoy|launch~",
        "organi~|arranged|departed|left|set off|set out|launched|convoy of|convoi~|caravana"
        "|انطلق~|انطلاق|قافله",
    ),
    _c(
        "begin",
        "begin|began|begun|start~|commenc~|launch~",
        "began|begun|started|commenced|launched|first group|first batch|first convoy|got under way"
        "|commence~|debute~|comenz~|inici~|comecou|iniziat~|basla~|بدء|بدات",
    ),
    _c(
        "resign",
        "resign~|step~ down|leave office|leaves office|left office|out of office",
        "resigned|resignation|stepped down|steps down|demissionn~|dimit~|renunci~|zuruckgetreten"
        "|rucktritt|استقال~"
        # ended by the appointing authority: "il est mis fin aux fonctions de Premier ministre"
        "|mis fin aux fonctions|met fin aux fonctions|relieved ** of ** duties|removed from office"
        "|dismissed from ** post|dismissed from office|left office|ceased to hold office"
        "|cese~ ** en ** funciones|destituid~|exonerad~ do cargo|освобожден~ от должности"
        "|отставк~",
    ),
    _c(
        "convene",
        "conven~|talks convened|dialogue",
        "convened|convenes|opened talks|talks opened|launched * talks|began talks|dialogue opened"
        "|convoque~|convoc~",
    ),
    _c(
        "designate",
        "designate|designated|appoint~|nominat~|tasked",
        "designated|appointed|named|nominated|tasked with forming|charged with forming"
        "|designe~|nomme~|designad~|nombrad~|تكليف|كلف",
    ),
    _c(
        "reach",
        "reach~|exceed~|surpass~|quorum",
        "reached|exceeded|surpassed|was reached|quorum was reached|atteint|alcanz~|raggiunt~"
        "|atingi~",
    ),
    _c(
        "exchange",
        "exchang~|swap~",
        "exchange~|swap~|returned home from captivity|echange~|intercambio|troca",
    ),
)
CLASS_BY_NAME = {c.name: c for c in EVENT_CLASSES}

#: Trigger words that name a thing rather than an action (a title's verb is preferred).
NOUN_TRIGGERS = frozenset(
    """asylum ceasefire truce court custody flight convoy summit meeting talks access port
    venue emergency quorum prison trial detention armistice runoff snapback sanctions""".split()
)
#: Classes that describe the object of an event more than the event.
NOUN_CLASSES = frozenset({"ceasefire", "second_round", "exchange"})
#: Label words too generic to tell outcomes apart.
GENERIC_LABEL_WORDS = frozenset(
    """announce announced announcement declare declared issue issued take taken made put
    decision decided outcome result""".split()
)

#: Label / title words that say nothing about *which* event (generic verbs).
GENERIC_EVENT_WORDS = frozenset(
    "will be is are was were do does did take place happen outcome decide decision".split()
)

#: Negation close before a cue ("were not returned", "n ont pas", "sin que").
NEGATION_WORDS = frozenset(
    """not no never neither nor without cannot nt none failed yet unable
    ne n pas jamais sans aucun aucune ni
    nunca sin ninguno ninguna tampoco
    nao nem sem nenhum
    non senza nessun
    nu fara
    degil yok
    не нет ни
    nicht kein keine keinen keiner nie ohne
    لا لم لن ليس ليست دون عدم
    """.split()
)
#: Phrases that negate what follows within the clause.
NEGATION_PHRASES = (
    "not possible",
    "no agreement",
    "failed to",
    "has yet to",
    "have yet to",
    "yet to",
    "was unable",
    "were unable",
    "had not",
    "has not",
    "have not",
    "did not",
    "put an end to",
    "an end to",
    "mettre fin",
    "mis fin",
    "poner fin",
    "drop~ the charges",
    "sin que",
    "no se ha",
    "no ha",
)
#: A causal preposition starts a new phrase: a negation or hedge before it does not reach a
#: cue after it ("was not adopted *owing to* the negative vote of a permanent member",
#: "n'a pas été adopté en raison du veto").
CAUSAL_MARKERS = (
    "owing to",
    "because of",
    "as a result of",
    "on account of",
    "due to",
    "by reason of",
    "en raison de",
    "en raison du",
    "en raison d",
    "du fait de",
    "du fait du",
    "a cause de",
    "a cause du",
    "debido a",
    "debido al",
    "a causa de",
    "a causa del",
    "por causa de",
    "devido a",
    "devido ao",
    "a causa di",
    "a causa del",
    "wegen",
    "aufgrund",
    "infolge",
    "بسبب",
    "نتيجه",
)
#: Denial governs the whole sentence before the cue ("denied reports that …").
DENIAL_PHRASES = (
    "den~ reports",
    "denied",
    "denies",
    "deny",
    "refut~",
    "dismissed reports",
    "dismiss~ * claims",
    "reject~ * reports",
    "reject~ * claims",
    "reject~ * allegations",
    "false reports",
    "unfounded",
    "baseless",
    "untrue",
    "no truth",
    "dement~",
    "desmient~",
    "desminti~",
    "nego",
    "nega~",
    "smentit~",
    "نفى",
    "تنفي",
    "ينفي",
)
#: Hedges, plans, proposals and the future: not yet an outcome.
HEDGE_PHRASES = (
    "may",
    "might",
    "could",
    "would",
    "will",
    "shall",
    "should",
    "plan~ to",
    "subject to",
    "planning",
    "intend~",
    "expected to",
    "expect~",
    "is expected",
    "are expected",
    "is to",
    "are to",
    "set to",
    "due to",
    "scheduled",
    "aims to",
    "aim to",
    "seeks to",
    "seek to",
    "hope~",
    "call~ for",
    "call~ on",
    "urg~",
    "propos~",
    "prepared to",
    "ready to",
    "right to",
    "seek~",
    "wish~",
    "must",
    "willing to",
    "consider~",
    "study~",
    "discuss~",
    "negotiat~",
    "in talks",
    "talks on",
    "if",
    "whether",
    "unless",
    "once",
    "possible",
    "possibility",
    "likely",
    "unlikely",
    "reportedly",
    "rumou~",
    "allegedly",
    "alleg~",
    "purport~",
    "media report~",
    "press report~",
    "reports circulat~",
    "social media",
    "reports that",
    "circulat~",
    "recommend~ that",
    "voted for",
    "favoured",
    "preferred",
    "request~",
    "invit~",
    "towards",
    "pourrait",
    "pourraient",
    "devrait",
    "devraient",
    "va",
    "vont",
    "sera",
    "seront",
    "prevoit",
    "envisag~",
    "appel~ a",
    "souhait~",
    "en vue",
    "podria",
    "podrian",
    "deberia",
    "sera",
    "seran",
    "preve",
    "planea",
    "busca",
    "espera",
    "pide",
    "solicit~",
    "propone",
    "podera",
    "deve",
    "devera",
    "preve",
    "potrebbe",
    "sara",
    "dovrebbe",
    "soll",
    "sollen",
    "wird",
    "werden",
    "konnte",
    "konnten",
    "voraussichtlich",
    "plant",
    "geplant",
    "سوف",
    "قد",
    "يعتزم",
    "من المتوقع",
    "من المقرر",
)
#: Modals right after an event noun make it a prospect ("a further reduction may be
#: appropriate", "a ceasefire could be considered"); read up to a relative pronoun.
POSTPOSED_MODALS = (
    "may",
    "might",
    "could",
    "would",
    "should",
    "can",
    "depend~",
    "remain~ possible",
    "is possible",
    "pourrait",
    "pourraient",
    "devrait",
    "podria",
    "podrian",
    "puede",
    "pueden",
    "potrebbe",
)
#: Words that end the reach of a postposed modal (a relative clause is another event).
RELATIVE_WORDS = frozenset("that which who whose que qui quien cuyo dont lequel".split())
#: Modifiers that make an event noun a prospect ("further cuts", "reducciones adicionales").
PROSPECTIVE_BEFORE = frozenset(
    "further future additional possible potential eventual prospective new_round".split()
)
#: A purpose preposition (and article) just before an event word: "majority required for
#: the adoption of the motion", "Pour l'adoption : 268", "called for the release": the
#: event as an aim or a ballot line's heading, not as something that happened.
PURPOSE_BEFORE = frozenset(
    {
        ("for",),
        ("for", "the"),
        ("for", "its"),
        ("pour",),
        ("pour", "l"),
        ("pour", "la"),
        ("pour", "le"),
        ("para",),
        ("para", "la"),
        ("para", "el"),
        ("per",),
        ("per", "l"),
        ("per", "la"),
        ("zur",),
        ("zum",),
    }
)
PROSPECTIVE_AFTER = frozenset(
    """adicional adicionales additionnel additionnelle additionnels supplementaire
    supplementaires futur futurs future futures futuro futuros eventual eventuales
    ulteriori ulteriore""".split()
)
#: A policy rate named in a hold decision ("decided to maintain the target range for the
#: federal funds rate", "maintenir inchangé le taux directeur", "الإبقاء على سعر الفائدة").
POLICY_RATE_WORDS = (
    "rate",
    "rates",
    "target range",
    "ocr",
    "taux",
    "tasa",
    "tasas",
    "taxa",
    "taxas",
    "tasso",
    "tassi",
    "zins~",
    "zinssat~",
    "leitzins~",
    "faiz",
    "selic",
    "سعر",
    "اسعار",
    "الفايده",
    "معدل",
)
#: Nouns after "held" that make it a meeting held, not a rate held.
MEETING_NOUNS = frozenset(
    """meeting meetings session sessions talks consultations discussions sitting
    reunion reunions seance conference""".split()
)
#: Room for an event is not the event ("room for further easing", "margen para recortes").
ROOM_PHRASES = (
    "room for",
    "scope for",
    "space for",
    "margin for",
    "room to",
    "scope to",
    "space to",
    "margen para",
    "marge de",
)
#: An effective date makes a plain future a decision ("will be decreased … with effect
#: from 11 June", "con efectos a partir del", "avec effet au").
EFFECTIVE_MARKERS = (
    "with effect from",
    "with effect on",
    "effective from",
    "effective as of",
    "effective immediately",
    "takes effect",
    "take effect on",
    "con efectos a partir",
    "con efecto a partir",
    "a partir del",
    "avec effet",
    "a compter du",
    "con effetto",
    "com efeito",
)
#: A plainly announced future: allowed for ``future_ok`` classes only.
PLAIN_FUTURE = frozenset(
    "will shall sera seran seront se realizara realizara aura tendra tera avra to be held".split()
)
#: Hedges that a statistics office's estimate is worded with ("is expected to be 1.9%").
ESTIMATE_MARKERS = (
    "flash estimate",
    "preliminary estimate",
    "advance estimate",
    "timely estimate",
    "estimacion oportuna",
    "estimation rapide",
    "estimativa",
    "stima preliminare",
)
ESTIMATE_HEDGES = ("expected to be", "is expected at", "expected at", "estimated at")
#: A count still under way: its leading figure is not a result ("provisional results from 41%
#: of polling stations", "with 60% of precincts reporting", "resultados preliminares").
PARTIAL_COUNT_MARKERS = (
    "provisional~",
    "preliminary",
    "partial~",
    "so far",
    "of polling stations",
    "of polling places",
    "of precincts",
    "stations reporting",
    "precincts reporting",
    "provisoire~",
    "preliminar~",
    "parcial~",
    "provisori~",
    "provisorio~",
    "vorlaufig~",
    "hasta el momento",
    "mesas escrutadas",
    "de las mesas",
    "des bureaux de vote",
)
#: The deadline passed without the event (needed for "No" from a negated event).
DEADLINE_PASSED = (
    "expired",
    "expiry",
    "lapsed",
    "ended",
    "came to an end",
    "by the end of",
    "by the deadline",
    "deadline passed",
    "before its expiry",
    "was not renewed",
    "were not renewed",
    "not extended",
    "finaliz~",
    "venci~",
    "expir~",
    "caduc~",
    "a pris fin",
    "a expire",
    "scadut~",
    "terminou",
)
#: A decisive negative by the deciding body ("determined that … does not constitute").
DECISION_VERBS = (
    "determined",
    "decided",
    "concluded",
    "ruled",
    "found",
    "decides",
    "determines",
    "formally",
    "decide",
    "a decide",
    "decidio",
    "decidiu",
    "ha deciso",
    # a proclamation of results is the deciding act ("proclaims X elected, there being no
    # need for a second round")
    "proclaim~",
    "proclama~",
    "proclame~",
    "proclamou",
)
#: Clause boundaries inside a sentence (negation and hedges do not cross them).
CLAUSE_BREAKS = (
    " but ",
    " while ",
    " whereas ",
    " however ",
    " and instead ",
    " instead ",
    " although ",
    " mais ",
    " tandis que ",
    " pero ",
    " mientras ",
    " sin embargo ",
    " mas ",
    " ma ",
    " mentre ",
)
#: "Not yet": a negated vote result with one of these in its clause is still open.
NOT_YET_WORDS = frozenset("yet still encore toujours todavia aun ancora noch".split())
#: Deliberative bodies that act (adopt, approve, vote): when a sentence's cue follows one
#: of them and the question names another, the act is that other body's.
ACTING_BODIES = (
    "general assembly",
    "security council",
    "human rights council",
    "economic and social council",
    "assemblee generale",
    "conseil de securite",
    "asamblea general",
    "consejo de seguridad",
    "executive board",
    "board of governors",
    "national assembly",
    "senate",
)
#: First words of a clause that coordinates a new predicate ("decided to extend the mandate
#: …, and to commence a withdrawal within one year"): an outcome's qualifier found in it
#: belongs to that predicate, not to the cue before it.
COORDINATED_PREDICATE_STARTS = (
    "and to",
    "and then",
    "and will",
    "and shall",
    "and would",
    "and decided",
    "and decides",
    "and agreed",
    "and requested",
    "and requests",
    "and called",
    "and calls",
    "et de",
    "et a",
    "y a",
    "y de",
)
#: First words of a clause inserted between a subject and its verb ("X, having obtained
#: 54% of the votes, is proclaimed elected"; "X, ayant obtenu …, est proclamé élu").
INSERTED_CLAUSE_STARTS = frozenset(
    """having being who which whose ayant etant qui dont lequel laquelle habiendo siendo
    quien cuyo cuya tendo sendo avendo essendo namely soit""".split()
)
#: Comparison markers: numbers after them are the reference, not the figure.
COMPARISON_MARKERS = (
    "relative to",
    "compared with",
    "compared to",
    "down from",
    "up from",
    "from",
    "against",
    "versus",
    "vs",
    "than",
    "respecto de",
    "respecto a",
    "frente a",
    "par rapport",
    "contre",
    "rispetto",
    "em relacao",
    "comparado",
)

#: Measures a numeric question asks about, with what official releases call them.
MEASURES: dict[str, tuple[str, ...]] = {
    "turnout": (
        "turnout",
        "participation",
        "taux de participation",
        "participacion",
        "participacao",
        "affluenza",
        "prezenta",
        "katilim",
        "نسبه المشاركه",
        "المشاركه",
        "voter turnout",
    ),
    "inflation": (
        "inflation",
        "cpi",
        "hicp",
        "consumer price~",
        "price index",
        "prices",
        "inflacion",
        "ipc",
        "precios al consumidor",
        "indice de precios",
        "prix a la consommation",
        "ipca",
        "inflacao",
        "inflazione",
        "enflasyon",
        "tufe",
        "التضخم",
    ),
    "unemployment": (
        "unemployment",
        "jobless",
        "desempleo",
        "desocupacion",
        "chomage",
        "desemprego",
        "disoccupazione",
        "issizlik",
        "البطاله",
    ),
    "gdp": (
        "gdp",
        "gross domestic product",
        "economic growth",
        "economy grew",
        "economy contracted",
        "pib",
        "producto interno bruto",
        "produit interieur brut",
        "gsyh",
        "الناتج المحلي",
    ),
    # a balance: the figure after its name, not the exports or imports before it
    "trade": (
        "trade surplus",
        "trade deficit",
        "trade balance",
        "superavit",
        "deficit comercial",
        "saldo comercial",
        "balanca comercial",
        "balanza comercial",
        "excedent commercial",
        "excedente comercial",
        "deficit commercial",
        "avanzo commerciale",
        "disavanzo commerciale",
        "handelsbilanz",
        "handelsbilanzuberschuss",
        "dis ticaret",
    ),
    "seats": ("seats", "mandates", "sieges", "escanos", "mandatos", "seggi", "mandate", "مقعد"),
    "votes": ("votes", "vote", "suffrages", "votos", "voti", "voturi", "oy", "اصوات"),
    "crossings": (
        "crossed",
        "crossing~",
        "transit~",
        "cruzaron",
        "cruce~",
        "ingres~",
        "travesia",
        "entries",
        "arrivals",
    ),
    "rate": (
        "policy rate",
        "reference rate",
        "bank rate",
        "tasa de referencia",
        "taux de reference",
        "repo rate",
        "key rate",
        "interest rate",
        "benchmark rate",
        "central bank rate",
        "cbr",
        "main operation",
        "deposit rate",
        "one week repo",
        "taux directeur",
        "tasa de politica",
        "tasa de interes",
        "politika faizi",
        "سعر العائد",
        "اسعار العائد",
        "سعر الفايده",
        "اسعار الفايده",
        "سعري عايد",
        "معدل اتفاقيات اعاده الشراء",
        "الريبو",
        "основн~ ставк~",
        "базов~ ставк~",
        "ключев~ ставк~",
        "ставк~ рефинансирования",
    ),
}
#: Words that turn a figure into another measure than the headline one.
QUALIFIERS: dict[str, tuple[str, ...]] = {
    "annual": (
        "year over year",
        "year on year",
        "annual",
        "yoy",
        "12 month",
        "twelve month",
        "interanual",
        "d une annee a l autre",
        "sur un an",
        "anual",
        "tendenziale",
        "yillik",
        "acumulado em 12 meses",
        "acumulada em 12 meses",
        "acumulado nos 12 meses",
        "acumulado en 12 meses",
        "acumulada en 12 meses",
        "acumulado en los ultimos 12 meses",
        "12 meses",
        "doce meses",
        "doze meses",
        "12 mois",
        "douze mois",
        "glissement annuel",
        "12 monate",
    ),
    "monthly": (
        "month on month",
        "month over month",
        "monthly",
        "on a monthly basis",
        "mensual",
        "base mensuelle",
        "sur une base mensuelle",
        "mensile",
        "aylik",
    ),
    "core": ("core", "excluding", "underlying", "subyacente", "nucleo", "hors", "sous jacente"),
    "component": (
        "food",
        "energy",
        "services",
        "goods",
        "alimentos",
        "alimentaire",
        "youth",
        "young people",
        "aged",
        "women",
        "rural",
        "urban",
        "urbain~",
        "urbano~",
        "urbana~",
        "jeunes",
        "jovenes",
        "jovens",
        "femmes",
        "mujeres",
        "mulheres",
        "diplomes",
        "graduates",
        "regional",
        "province~",
        "state of",
        "city of",
        "ciudad",
    ),
    # the adjective, not the verb ("GDP expanded by 3.4%")
    "expanded": (
        "expanded definition",
        "expanded unemployment",
        "expanded rate",
        "broad",
        "extended definition",
        "ampliad~",
    ),
    "producer": (
        "producer price~",
        "ppi",
        "d ppi",
        "wholesale price~",
        "precios al productor",
        "prix a la production",
        "prezzi alla produzione",
        "uretici",
    ),
    "cumulative": ("accumulat~", "acumul~", "cumulative", "year to date", "cuatrimestre"),
    "change": ("percentage point~", "puntos porcentuales", "points de pourcentage"),
}
#: A deciding body's refusal of a proposal or request ("the Cabinet *declined* the proposal
#: to extend …", "a rejeté la demande de prolongation"): a decision, not a hedge — "No".
REFUSAL_WORDS = frozenset(
    """declined declines refused refuses rejected rejects rebuffed
    rejete rejetee refuse refusee rechazo rechazado rechazada denego nego
    recusou rejeitou indeferiu abgelehnt lehnte""".split()
)
#: Words that join the earlier and the later value of a change ("from 13.3% *to* 12.8%",
#: "de 13,3% *à* 12,8%", "de 4,12% *para* 4,10%", "von 3,1 % *auf* 2,9 %"): the value
#: before one of them is the old one.
CHANGE_TO_WORDS = frozenset({"to", "a", "au", "para", "auf", "hasta", "ate"})
#: Words that say a figure is for a whole year ("for the whole of 2025", "full-year").
WHOLE_YEAR_MARKERS = (
    "whole of",
    "whole year",
    "full year",
    "year as a whole",
    "for the year",
    "annual",
    "ensemble de l annee",
    "annee complete",
    "todo el ano",
    "conjunto del ano",
    "ano completo",
    "ano inteiro",
    "gesamtjahr",
)
#: Qualifiers that say over which period a figure is measured: the one right after a
#: figure ("27.0% on annual basis") settles only these, not which index it is.
PERIOD_QUALIFIERS = frozenset({"annual", "monthly", "cumulative"})
#: Rate nouns that are not the policy rate unless the question names them.
OTHER_RATES = (
    "lending rate",
    "lending facility",
    "reserve ratio",
    "cash reserve",
    "crr",
    "discount rate",
    "standing facility",
    "deposit facility",
    "overnight lending",
    "gecelik borc verme",
)
#: Quantifiers of a group: "some" and "all" outcomes.
SOME_WORDS = ("some", "several", "part of", "a number of", "partial~", "certain")
ALL_WORDS = ("all", "entire", "every", "whole", "tous", "todos", "todas", "tutti")
#: Label words that refer to a country other than the question's own.
THIRD_COUNTRY = ("third country", "third countries", "another country", "pays tiers", "tercer pais")
#: Words that make a label an "Other" bucket.
OTHER_LABELS = frozenset(
    {
        "other",
        "others",
        "other outcome",
        "other outcomes",
        "none",
        "none of the above",
        "other reasons",
        "neither",
        "something else",
        "other country",
        "another country",
        "other candidate",
        "someone else",
        "other party",
    }
)
#: Words common to many subjects: they weigh less in relevance.
COMMON_SUBJECT_WORDS = frozenset(
    """government official officials ministry minister state national country countries
    people public president prime authority authorities council committee agency office
    republic international united federal general central commission announcement statement
    statements report reports meeting decision decide policy new first second third next
    rate rates percent per cent number total year years month months week day""".split()
)
#: Title words that name no subject (question scaffolding).
QUESTION_WORDS = frozenset(
    """will would what which who whom whose how many much where when whether happen
    outcome outcomes result status next latest likely predominant main primary reason
    reasons cited cite decide decision final end year month week day before after
    between during by until following following according as having be been
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)
#: Words that never begin a person's name (capitalised title words in statements).
NOT_NAME_WORDS = frozenset(
    """the a an he she it they we this that mr mrs ms dr m mme h e president presidente
    president prime minister ministre ministro chairperson chairman chair secretary general
    republic republique republica commission commissioner council court cour tribunal
    constitutional constitutionnelle constitucional electoral election elections candidate
    candidat candidata candidato assembly assemblee assembleia national nationale nacional
    party parti partido government gouvernement gobierno governo ministry ministere ministerio
    office state etat estado federal union united nations security the le la les el los las
    o os as da do dos das de del des du di il lo i gli al on in at of for and with by to from
    dr. prof professor general colonel sir lord his her excellency son altesse returning
    officer chairperson speaker governor mayor senator deputy honourable hon spokesperson
    judge judges justice chamber chambers panel presiding registrar appeals appeal
    international criminal supreme appellate
    director commander minister secretary ambassador envoy representative coordinator
    """.split()
)
#: Words that make a capitalised run an institution, not a person ("Central Bank",
#: "Amhara Popular Front", "Monetary Policy Committee").
INSTITUTION_WORDS = frozenset(
    """bank banks reserve monetary fund front forces army militia movement party parti
    partido alliance coalition union league bloc congress council committee commission
    board authority agency office institute ministry company corporation group holding
    holdings trading shipping airlines university foundation popular liberation
    democratic national federal central republic people peoples organisation
    organization programme program mission court tribunal assembly parliament senate
    ltd inc llc fze sa plc gmbh""".split()
)
#: Titles that introduce a person's name.
HONORIFICS = frozenset(
    "mr mrs ms dr m mme mlle sr sra don dona prof h e s e senor senora sheikh".split()
)
#: State bodies: a source whose name has one of these and names a country speaks for
#: that country's government.
STATE_BODY_WORDS = frozenset(
    """ministry ministries minister ministre ministere ministerio ministero ministerul
    bakanligi office presidency president presidential presidence presidencia presidencia
    presidenza presedintia government gouvernement gobierno governo guvernul hukumeti
    command army armed forces military police security judiciary court courts tribunal
    embassy department agency directorate directorate general council cabinet spokesperson
    spokesman press service palace parliament secretariat
    وزاره رئاسه حكومه المديريه مجلس قياده
    """.split()
)
#: Names of intergovernmental organisations ("international organizations").
INTERNATIONAL_ORGANISATIONS = (
    "united nations",
    "un",
    "unhcr",
    "iom",
    "international organization for migration",
    "unicef",
    "wfp",
    "ocha",
    "who",
    "world health organization",
    "iaea",
    "icrc",
    "international committee of the red cross",
    "african union",
    "european union",
    "igad",
    "ecowas",
    "osce",
    "nato",
    "world bank",
    "imf",
    "unsmil",
    "unami",
    "unmiss",
    "undp",
    "unfpa",
    "ilo",
)
INTERNATIONAL_ORG_WORDS = (
    "international organization",
    "international organisations",
    "international organisation",
    "international organizations",
    "un agencies",
    "united nations agencies",
    "humanitarian agencies",
)
#: Short forms official names use for each other.
NAME_ALIASES: dict[str, tuple[str, ...]] = {
    "un": ("united nations",),
    "us": ("united states", "u s"),
    "uk": ("united kingdom",),
    "eu": ("european union",),
    "au": ("african union",),
    "dhs": ("department of homeland security",),
    "mfa": ("ministry of foreign affairs",),
}

#: English number words (for "seventy-two hours", "the fourth reduction").
NUMBER_WORDS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "cuarenta": 40,
    "cincuenta": 50,
}
ORDINAL_WORDS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "cuarta": 4,
    "cuarto": 4,
    "quatrieme": 4,
    "quarta": 4,
    "quarto": 4,
}

#: Month names (English, Spanish, French, Portuguese, Italian, Romanian, Turkish).
MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    (
        "january enero janvier janeiro gennaio ianuarie ocak jan",
        "february febrero fevrier fevereiro febbraio februarie subat feb",
        "march marzo mars marco martie mart mar",
        "april abril avril aprile aprilie nisan apr",
        "may mayo mai maio maggio mai mayis",
        "june junio juin junho giugno iunie haziran jun",
        "july julio juillet julho luglio iulie temmuz jul",
        "august agosto aout agosto august agustos aug",
        "september septiembre septembre setembro settembre septembrie eylul sep sept",
        "october octubre octobre outubro ottobre octombrie ekim oct",
        "november noviembre novembre novembro novembre noiembrie kasim nov",
        "december diciembre decembre dezembro dicembre decembrie aralik dec",
    ),
    start=1,
):
    for _n in _names.split():
        MONTHS.setdefault(_n, _i)
QUARTER_WORDS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
    "primer": 1,
    "segundo": 2,
    "tercer": 3,
    "cuarto": 4,
    "premier": 1,
    "deuxieme": 2,
    "troisieme": 3,
    "quatrieme": 4,
    "terceiro": 3,
    "quarto": 4,
    "terzo": 3,
}

#: Prepositions that make the country after them a movement's origin or location, not its
#: destination ("returned to Iraq *from* Al-Hol camp in north-east Syria").
ORIGIN_PREPOSITIONS = frozenset("from out desde depuis aus dalla dal da من".split())
#: Prepositions that make the country after them a movement's destination.
DESTINATION_PREPOSITIONS = frozenset(
    "to into towards toward onto vers hacia para nach verso الي".split()
)
#: Words looked back from a country for the preposition that governs it.
PREPOSITION_REACH = 8

#: Short adverbials set off by commas inside a clause ("does not meet, at this time, the
#: criteria"): they do not end the clause around them.
INSERTED_ADVERBIALS = frozenset(
    x.strip()
    for x in """at this time|at present|for now|for the time being|at this stage|for the moment
    |so far|to date|as yet|in its view|in particular|however|therefore|moreover
    |a ce stade|pour l instant|pour le moment|toutefois|cependant|por ahora|por el momento
    |en este momento|sin embargo|no obstante|por ora|no momento|per ora|al momento""".split("|")
)

#: Conditions anywhere in a cue's clause that make the event a prospect ("the signing …
#: is possible only after …", "remains conditional on", "ne sera possible qu'après").
CONDITION_PHRASES = (
    "possible only",
    "only possible",
    "only be possible",
    "conditional on",
    "conditional upon",
    "conditioned on",
    "contingent on",
    "contingent upon",
    "sera possible qu",
    "ne sera possible",
    "solo sera posible",
    "solo podra",
    "condicionad~ a",
    "subordonne~ a",
)

#: Official names of central banks and key institutions as they sign Arabic releases, with
#: the English name (and acronym) their questions use. A finding whose source or text
#: carries one is read as naming that institution in English too.
ARABIC_INSTITUTIONS: dict[str, str] = {
    "البنك المركزي السعودي": "Saudi Central Bank (SAMA)",
    "مؤسسة النقد العربي السعودي": "Saudi Arabian Monetary Authority (SAMA)",
    "البنك المركزي الأردني": "Central Bank of Jordan (CBJ)",
    "البنك المركزي المصري": "Central Bank of Egypt (CBE)",
    "بنك المغرب": "Bank Al-Maghrib (BAM)",
    "بنك الكويت المركزي": "Central Bank of Kuwait (CBK)",
    "مصرف الإمارات العربية المتحدة المركزي": "Central Bank of the UAE (CBUAE)",
    "مصرف قطر المركزي": "Qatar Central Bank (QCB)",
    "مصرف البحرين المركزي": "Central Bank of Bahrain (CBB)",
    "البنك المركزي العماني": "Central Bank of Oman (CBO)",
    "البنك المركزي العراقي": "Central Bank of Iraq (CBI)",
    "مصرف لبنان": "Banque du Liban (BDL) Central Bank of Lebanon",
    "مصرف سورية المركزي": "Central Bank of Syria (CBS)",
    "مصرف ليبيا المركزي": "Central Bank of Libya (CBL)",
    "بنك السودان المركزي": "Central Bank of Sudan (CBOS)",
    "البنك المركزي اليمني": "Central Bank of Yemen (CBY)",
    "بنك الجزائر": "Bank of Algeria (Banque d'Algérie)",
    "البنك المركزي التونسي": "Central Bank of Tunisia (BCT)",
    "البنك المركزي الموريتاني": "Central Bank of Mauritania (BCM)",
    "لجنة السياسة النقدية": "Monetary Policy Committee (MPC)",
    "مجلس الأمن": "Security Council",
    "الأمم المتحدة": "United Nations",
    "الجمعية العامة": "General Assembly",
    "المحكمة الدستورية": "Constitutional Court",
    "المجلس الدستوري": "Constitutional Council",
    "المحكمة العليا": "Supreme Court",
    "مجلس الوزراء": "Council of Ministers (Cabinet)",
    "وزارة الخارجية": "Ministry of Foreign Affairs",
    "وزارة الداخلية": "Ministry of Interior",
    "وزارة العدل": "Ministry of Justice",
    "وزارة المالية": "Ministry of Finance",
    "وزارة الهجرة والمهجرين": "Ministry of Migration and Displacement",
    "الهيئة العليا المستقلة للانتخابات": "Independent High Authority for Elections",
    "المفوضية العليا المستقلة للانتخابات": "Independent High Electoral Commission",
}
#: Institution and policy words in other languages whose English form is no cognate
#: ("conseil" / "board", "مصرف" / "bank", German compounds' parts): a finding carrying one
#: also carries the English words, for relevance and retrieval. Keys are normalised.
WORD_GLOSS: dict[str, str] = {
    # the IHR's acronym, as agencies write it
    "pheic": "public health emergency international concern",
    # the EU's (and others') word for sanctions
    "restrictive measures": "sanctions",
    "mesures restrictives": "sanctions",
    "medidas restrictivas": "sanctions",
    "medidas restritivas": "sanctions",
    "misure restrittive": "sanctions",
    "restriktive massnahmen": "sanctions",
    # Arabic
    "بنك": "bank",
    "البنك": "bank",
    "مصرف": "bank",
    "المركزي": "central",
    "مجلس": "council board",
    "لجنه": "committee",
    "وزاره": "ministry",
    "المحكمه": "court",
    "محكمه": "court",
    "الفائده": "interest rate",
    "العائد": "rate",
    "الريبو": "repo rate",
    "الشراء": "repo",
    "الخصم": "discount",
    "الايداع": "deposit",
    "لليله": "overnight",
    "النقديه": "monetary",
    "التضخم": "inflation",
    "الانتخابات": "election",
    "الرئاسيه": "presidential",
    # French, Spanish, Portuguese, Italian
    "conseil": "council board",
    "consejo": "council board",
    "conselho": "council board",
    "consiglio": "council board",
    "banque": "bank",
    "banco": "bank",
    "banca": "bank",
    "cour": "court",
    "corte": "court",
    "projet de loi": "bill",
    "proyecto de ley": "bill",
    "projeto de lei": "bill",
    "disegno di legge": "bill",
    "taux directeur": "policy rate key rate",
    "eleccion": "election",
    "sufragio": "election vote",
    "sufragios": "election vote",
    # a consumer price index is the inflation measure ("Índice … de Preços ao Consumidor")
    "precos ao consumidor": "consumer price inflation",
    "precios al consumidor": "consumer price inflation",
    "prix a la consommation": "consumer price inflation",
    "inflacao": "inflation",
    "inflacion": "inflation",
    # Russian (normalised: "й" folds to "и"): institution words in their usual cases
    "банк": "bank",
    "банка": "bank",
    "банком": "bank",
    "национальныи": "national",
    "национального": "national",
    "национальным": "national",
    "центральныи": "central",
    "центрального": "central",
    "центральная": "central",
    "центральнои": "central",
    "правление": "board",
    "правления": "board",
    "комиссия": "commission",
    "комиссии": "commission",
    "избирательная": "electoral election",
    "избирательнои": "electoral election",
    "референдум": "referendum",
    "референдума": "referendum",
    "конституция": "constitution",
    "конституцию": "constitution",
    "конституции": "constitution",
    "поправки": "amendment",
    "поправок": "amendment",
    "изменения": "amendment change",
}
#: German compound parts (normalised: umlauts folded) and their English words; a German
#: word containing a part carries its words ("Erstanträge" → first, application).
GERMAN_PARTS: dict[str, str] = {
    "bundes": "federal",
    "bundesamt": "federal office",
    "landesamt": "state office",
    "antrag": "application",
    "antrage": "application",
    "asyl": "asylum",
    "erst": "first",
    "folge": "subsequent",
    "fluchtling": "refugee",
    "gesetzentwurf": "bill draft",
    "gesetz": "law act bill",
    "entwurf": "draft",
    "regierung": "government",
    "schiene": "rail",
    "bahn": "rail railway",
    "strasse": "road",
    "infrastruktur": "infrastructure",
    "beschleunigung": "acceleration",
    "leitzins": "key rate policy rate",
    "zins": "interest rate",
    "verbraucherpreis": "consumer price",
    "arbeitslos": "unemployment",
    "wahl": "election",
    "wahlbeteiligung": "turnout",
    "abstimmung": "vote",
    "volksabstimmung": "referendum",
    "haushalt": "budget",
    "steuer": "tax",
    "rente": "pension",
    "anpassung": "adjustment",
    "anderung": "amendment",
    "reform": "reform",
    "verteidigung": "defence defense",
    "aussen": "foreign",
    "innen": "interior",
    "ministerium": "ministry",
    "zentralbank": "central bank",
    "bundesbank": "central bank",
    "bundesrat": "federal council",
    "kanzler": "chancellor",
    "prasident": "president",
    "abschiebung": "deportation return",
    "ruckfuhrung": "return repatriation",
    "waffenstillstand": "ceasefire",
    "waffenruhe": "ceasefire truce",
    "sanktion": "sanctions",
}


#: Words opening a sentence's framing phrase ("Under the item on X, the Board adopted …",
#: "Acting under its resolutions on X, the Council …"): the phrase says what the main
#: clause after it is about. Prepositions (en/fr/es/pt) and participles ("-ing") only.
FRAME_OPENERS = frozenset(
    "under on upon regarding concerning following pursuant with in at as after "
    "sur concernant suite en dans sobre tras bajo conforme".split()
)
#: Openers of a clause giving an act's content ("adopted resolution 2801, by which it
#: demanded …", "… a decision whereby …"): one or two words, relative pronoun last.
CONTENT_CLAUSE_OPENERS = frozenset(
    {
        ("by", "which"),
        ("under", "which"),
        ("through", "which"),
        ("in", "which"),
        ("whereby",),
        ("par", "laquelle"),
        ("par", "lequel"),
        ("por", "la", "cual"),
        ("mediante", "la", "cual"),
        ("pela", "qual"),
    }
)


#: Words by which a title scopes a release to a sub-national unit, each with the words
#: that must follow it for that sense (empty: the word alone; "state" only as "state
#: election(s)", or after "by": "by state"). Normalised (accents folded).
_ELECTIONS = frozenset(
    """election elections elections electoral poll polls vote assembly assemblies
    council councils government governments""".split()
)
SUBNATIONAL_WORDS: dict[str, frozenset[str]] = {
    **{
        w: frozenset()
        for w in """province provinces provincial provinciales provinciaux provincia
        provincias provincie provinz provinzen region regions regional regionales regionaux
        regionale regionali regiao regioes county counties municipal municipales
        municipais municipality municipalities municipio municipios municipalidad comune
        comuni commune communes communal communales gemeinde gemeinden kommunal
        kommunalwahl kommunalwahlen cantonal cantonales kantonal kantonale prefecture
        prefectures oblast oblasts governorate governorates departmental departamental
        departementales departementaux bundesland bundeslander landtag landtagswahl
        comunidades""".split()
    },
    **{w: _ELECTIONS for w in "state states local district districts estadual".split()},
}
#: "by state", "by region", "por provincia", "par région", "nach Ländern".
BY_WORDS = frozenset("by per por par nach".split())

#: Copulas before a participle that makes an event noun's act a plan ("the signing of the
#: agreement *is scheduled* for …", "la firma del acuerdo *está prevista*").
COPULAS = frozenset(
    """is are was were be been esta estan es son fue sera seran est sont etait sera
    seront ist sind wird werden e sao foi estao""".split()
)

#: Words by which a status or measure is said to have ended ("the Watch is discontinued"):
#: an option label beside one is not the current state. Prefixes of normalised words.
ENDED_WORDS = (
    "discontinu",
    "cancel",
    "ended",
    "ends",
    "expired",
    "terminated",
    "withdrawn",
    "revoked",
    "rescind",
    "superseded",
    "replaced",
    "lifted",
    "former",
    "previous",
    "annul",
    "cancelad",
    "anulad",
    "aufgehoben",
    "beendet",
)

#: Groups of people a question can be about, each with the nouns officials use for it (as
#: ``text.stem`` leaves them; English, French, Spanish, Portuguese, Arabic). A question about
#: one group ("Syrian soldiers") is not answered by a statement about another ("Syrian
#: families returned to Syria"): see ``evidence._other_group``.
PEOPLE_GROUPS: dict[str, tuple[str, ...]] = {
    "military": (
        "soldier",
        "troop",
        "serviceman",
        "servicemen",
        "conscript",
        "deserter",
        "soldat",
        "soldado",
        "جنود",
        "الجنود",
    ),
    "fighters": (
        "fighter",
        "militant",
        "combatant",
        "insurgent",
        "jihadist",
        "combattant",
        "combatiente",
        "مقاتلين",
        "المقاتلين",
    ),
    "refugees": (
        "refugee",
        "asylum-seeker",
        "returnee",
        "migrant",
        "réfugié",
        "refugiado",
        "migrante",
        "لاجئين",
        "اللاجئين",
        "لاجئون",
        "اللاجئون",
    ),
    "detainees": (
        "detainee",
        "prisoner",
        "captive",
        "hostage",
        "inmate",
        "abductee",
        "détenu",
        "prisonnier",
        "otage",
        "detenido",
        "rehén",
        "معتقلين",
        "المعتقلين",
        "أسرى",
        "الأسرى",
        "رهائن",
        "الرهائن",
    ),
    "families": ("family", "famille", "familia", "عائلات", "العائلات", "عوائل"),
    "pilgrims": ("pilgrim", "pèlerin", "peregrino", "حجاج", "الحجاج"),
    "workers": ("worker", "labourer", "laborer", "travailleur", "trabajador", "عمال", "العمال"),
    "students": ("student", "pupil", "schoolchildren", "étudiant", "estudiante", "طلاب"),
    "seafarers": ("seafarer", "sailor", "crewmember", "fishermen", "fisherman"),
    "journalists": ("journalist", "reporter", "journaliste", "periodista", "صحفيين"),
}
#: Nouns that also name a group when the question is about it ("army personnel" for
#: soldiers) but, being common for the acting side ("handed over to the army", "civilian
#: authorities"), never mark a statement as being about another group.
PEOPLE_GROUPS_ALSO: dict[str, tuple[str, ...]] = {
    "military": (
        "army",
        "military",
        "personnel",
        "officer",
        "militaire",
        "militar",
        "عسكريين",
        "العسكريين",
        "عسكريون",
    ),
    "refugees": ("displaced", "idp", "desplazado", "نازحين", "النازحين"),
    "families": ("civilian", "women", "children", "child", "مدنيين", "المدنيين"),
    "detainees": ("preso", "محتجزين"),
}
