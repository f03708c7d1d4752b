//! A seeded generator of realistic multilingual outputs, for tests and benchmarks.
//!
//! Every output gets an English version and, with some probability, French, Spanish and
//! Chinese versions that say the same thing: texts are built from a phrase bank of concepts
//! per theme, each written in the four languages, set into sentence templates of each language
//! (Chinese without spaces). Metadata (type, series, themes, SDGs, programme, forum, year,
//! countries, visibility) follows the themes. The stream is lazy: a million documents never
//! sit in memory.
//!
//! ```
//! use southdesk_search::corpus::Generator;
//! let a: Vec<_> = Generator::new(7).take(20).collect();
//! let b: Vec<_> = Generator::new(7).take(20).collect();
//! assert_eq!(a, b);
//! ```

use crate::{IndexDoc, Lang, Visibility};

/// Text in zh, en, fr, es.
type L4 = [&'static str; 4];

struct Theme {
    id: &'static str,
    sdgs: &'static [u8],
    programme: &'static str,
    forums: &'static [&'static str],
    concepts: &'static [L4],
}

const THEMES: &[Theme] = &[
    Theme {
        id: "agenda2030",
        sdgs: &[1, 10, 17],
        programme: "ggdp",
        forums: &["hlpf", "unga", "ecosoc"],
        concepts: &[
            [
                "可持续发展目标",
                "the Sustainable Development Goals",
                "les objectifs de développement durable",
                "los Objetivos de Desarrollo Sostenible",
            ],
            [
                "消除贫困",
                "poverty eradication",
                "l'élimination de la pauvreté",
                "la erradicación de la pobreza",
            ],
            [
                "政策空间",
                "policy space",
                "la marge de manœuvre politique",
                "el espacio de políticas",
            ],
            [
                "包容性多边主义",
                "inclusive multilateralism",
                "le multilatéralisme inclusif",
                "el multilateralismo inclusivo",
            ],
            [
                "发展权",
                "the right to development",
                "le droit au développement",
                "el derecho al desarrollo",
            ],
        ],
    },
    Theme {
        id: "climate",
        sdgs: &[7, 13],
        programme: "sdcc",
        forums: &["unfccc", "paris-agreement"],
        concepts: &[
            [
                "气候变化",
                "climate change",
                "les changements climatiques",
                "el cambio climático",
            ],
            [
                "气候融资",
                "climate finance",
                "le financement climatique",
                "la financiación climática",
            ],
            [
                "损失与损害",
                "loss and damage",
                "les pertes et préjudices",
                "las pérdidas y daños",
            ],
            [
                "公正转型",
                "a just transition",
                "une transition juste",
                "una transición justa",
            ],
            [
                "技术转让",
                "technology transfer",
                "le transfert de technologie",
                "la transferencia de tecnología",
            ],
            [
                "可再生能源",
                "renewable energy",
                "les énergies renouvelables",
                "la energía renovable",
            ],
        ],
    },
    Theme {
        id: "governance",
        sdgs: &[16, 17],
        programme: "ggdp",
        forums: &["un", "unga", "imf", "world-bank"],
        concepts: &[
            [
                "全球经济治理",
                "global economic governance",
                "la gouvernance économique mondiale",
                "la gobernanza económica mundial",
            ],
            [
                "联合国改革",
                "United Nations reform",
                "la réforme des Nations Unies",
                "la reforma de las Naciones Unidas",
            ],
            [
                "国际金融机构改革",
                "reform of the international financial institutions",
                "la réforme des institutions financières internationales",
                "la reforma de las instituciones financieras internacionales",
            ],
            [
                "决策参与",
                "participation in decision-making",
                "la participation à la prise de décision",
                "la participación en la toma de decisiones",
            ],
            [
                "区域一体化",
                "regional integration",
                "l'intégration régionale",
                "la integración regional",
            ],
        ],
    },
    Theme {
        id: "digital",
        sdgs: &[9, 17],
        programme: "tdp",
        forums: &["unctad", "wto"],
        concepts: &[
            [
                "人工智能",
                "artificial intelligence",
                "l'intelligence artificielle",
                "la inteligencia artificial",
            ],
            [
                "数据治理",
                "data governance",
                "la gouvernance des données",
                "la gobernanza de datos",
            ],
            [
                "数字鸿沟",
                "the digital divide",
                "la fracture numérique",
                "la brecha digital",
            ],
            [
                "电子商务",
                "electronic commerce",
                "le commerce électronique",
                "el comercio electrónico",
            ],
            [
                "数字税",
                "digital services taxation",
                "la taxation des services numériques",
                "la tributación de los servicios digitales",
            ],
        ],
    },
    Theme {
        id: "ucm",
        sdgs: &[16],
        programme: "hipb",
        forums: &["hrc", "sr-ucm"],
        concepts: &[
            [
                "单边强制措施",
                "unilateral coercive measures",
                "les mesures coercitives unilatérales",
                "las medidas coercitivas unilaterales",
            ],
            [
                "经济制裁",
                "economic sanctions",
                "les sanctions économiques",
                "las sanciones económicas",
            ],
            [
                "人道主义影响",
                "the humanitarian impact",
                "l'impact humanitaire",
                "el impacto humanitario",
            ],
            [
                "域外适用",
                "extraterritorial application",
                "l'application extraterritoriale",
                "la aplicación extraterritorial",
            ],
        ],
    },
    Theme {
        id: "finance",
        sdgs: &[8, 10, 17],
        programme: "ggdp",
        forums: &["ffd-forum", "imf", "world-bank", "g24"],
        concepts: &[
            [
                "主权债务",
                "sovereign debt",
                "la dette souveraine",
                "la deuda soberana",
            ],
            [
                "债务重组",
                "debt restructuring",
                "la restructuration de la dette",
                "la reestructuración de la deuda",
            ],
            [
                "发展融资",
                "financing for development",
                "le financement du développement",
                "la financiación para el desarrollo",
            ],
            [
                "特别提款权",
                "special drawing rights",
                "les droits de tirage spéciaux",
                "los derechos especiales de giro",
            ],
            [
                "非法资金流动",
                "illicit financial flows",
                "les flux financiers illicites",
                "los flujos financieros ilícitos",
            ],
        ],
    },
    Theme {
        id: "trade",
        sdgs: &[8, 17],
        programme: "tdp",
        forums: &["wto", "unctad", "afcfta"],
        concepts: &[
            [
                "世贸组织改革",
                "WTO reform",
                "la réforme de l'OMC",
                "la reforma de la OMC",
            ],
            [
                "特殊和差别待遇",
                "special and differential treatment",
                "le traitement spécial et différencié",
                "el trato especial y diferenciado",
            ],
            [
                "农业谈判",
                "agriculture negotiations",
                "les négociations sur l'agriculture",
                "las negociaciones sobre agricultura",
            ],
            [
                "争端解决",
                "dispute settlement",
                "le règlement des différends",
                "la solución de diferencias",
            ],
            [
                "工业政策",
                "industrial policy",
                "la politique industrielle",
                "la política industrial",
            ],
            [
                "渔业补贴",
                "fisheries subsidies",
                "les subventions à la pêche",
                "las subvenciones a la pesca",
            ],
        ],
    },
    Theme {
        id: "investment",
        sdgs: &[8, 16],
        programme: "tdp",
        forums: &["uncitral-wg3", "icsid", "oeigwg-tncs"],
        concepts: &[
            [
                "投资者与国家间争端解决",
                "investor-state dispute settlement",
                "le règlement des différends entre investisseurs et États",
                "la solución de controversias entre inversionistas y Estados",
            ],
            [
                "国际投资协定",
                "international investment agreements",
                "les accords internationaux d'investissement",
                "los acuerdos internacionales de inversión",
            ],
            [
                "跨国公司",
                "transnational corporations",
                "les sociétés transnationales",
                "las empresas transnacionales",
            ],
            [
                "工商业与人权",
                "business and human rights",
                "les entreprises et les droits de l'homme",
                "las empresas y los derechos humanos",
            ],
        ],
    },
    Theme {
        id: "ip",
        sdgs: &[3, 9],
        programme: "hipb",
        forums: &["wipo", "trips", "wto"],
        concepts: &[
            [
                "知识产权",
                "intellectual property",
                "la propriété intellectuelle",
                "la propiedad intelectual",
            ],
            ["专利", "patents", "les brevets", "las patentes"],
            [
                "强制许可",
                "compulsory licensing",
                "les licences obligatoires",
                "las licencias obligatorias",
            ],
            [
                "传统知识",
                "traditional knowledge",
                "les savoirs traditionnels",
                "los conocimientos tradicionales",
            ],
            [
                "与贸易有关的知识产权协定",
                "the TRIPS Agreement",
                "l'Accord sur les ADPIC",
                "el Acuerdo sobre los ADPIC",
            ],
        ],
    },
    Theme {
        id: "biodiversity",
        sdgs: &[14, 15],
        programme: "sdcc",
        forums: &["cbd", "nagoya-protocol", "bbnj"],
        concepts: &[
            [
                "生物多样性",
                "biodiversity",
                "la biodiversité",
                "la biodiversidad",
            ],
            [
                "遗传资源",
                "genetic resources",
                "les ressources génétiques",
                "los recursos genéticos",
            ],
            [
                "惠益分享",
                "benefit sharing",
                "le partage des avantages",
                "la participación en los beneficios",
            ],
            [
                "数字序列信息",
                "digital sequence information",
                "l'information de séquençage numérique",
                "la información digital sobre secuencias",
            ],
        ],
    },
    Theme {
        id: "rights",
        sdgs: &[5, 10, 16],
        programme: "hipb",
        forums: &["hrc"],
        concepts: &[
            [
                "人权",
                "human rights",
                "les droits de l'homme",
                "los derechos humanos",
            ],
            [
                "发展权",
                "the right to development",
                "le droit au développement",
                "el derecho al desarrollo",
            ],
            [
                "性别平等",
                "gender equality",
                "l'égalité des genres",
                "la igualdad de género",
            ],
            [
                "粮食权",
                "the right to food",
                "le droit à l'alimentation",
                "el derecho a la alimentación",
            ],
        ],
    },
    Theme {
        id: "health",
        sdgs: &[3],
        programme: "hipb",
        forums: &["who", "ihr", "pandemic-agreement", "pabs-igwg"],
        concepts: &[
            [
                "大流行病协定",
                "the pandemic agreement",
                "l'accord sur les pandémies",
                "el acuerdo sobre pandemias",
            ],
            [
                "药品获取",
                "access to medicines",
                "l'accès aux médicaments",
                "el acceso a los medicamentos",
            ],
            [
                "抗微生物药物耐药性",
                "antimicrobial resistance",
                "la résistance aux antimicrobiens",
                "la resistencia a los antimicrobianos",
            ],
            [
                "病原体获取与惠益分享",
                "pathogen access and benefit sharing",
                "l'accès aux agents pathogènes et le partage des avantages",
                "el acceso a los patógenos y la participación en los beneficios",
            ],
            [
                "地方生产",
                "local production",
                "la production locale",
                "la producción local",
            ],
        ],
    },
    Theme {
        id: "ssc",
        sdgs: &[17],
        programme: "ggdp",
        forums: &["unossc", "g77", "nam", "brics"],
        concepts: &[
            [
                "南南合作",
                "South-South cooperation",
                "la coopération Sud-Sud",
                "la cooperación Sur-Sur",
            ],
            [
                "七十七国集团",
                "the Group of 77",
                "le Groupe des 77",
                "el Grupo de los 77",
            ],
            [
                "发展中国家团结",
                "solidarity among developing countries",
                "la solidarité entre pays en développement",
                "la solidaridad entre los países en desarrollo",
            ],
            [
                "三角合作",
                "triangular cooperation",
                "la coopération triangulaire",
                "la cooperación triangular",
            ],
        ],
    },
    Theme {
        id: "tax",
        sdgs: &[10, 17],
        programme: "tax-initiative",
        forums: &["un-tax-inc", "un-tax-committee", "oecd-if"],
        concepts: &[
            [
                "国际税收合作",
                "international tax cooperation",
                "la coopération fiscale internationale",
                "la cooperación tributaria internacional",
            ],
            [
                "联合国税收公约",
                "the UN tax convention",
                "la convention fiscale des Nations Unies",
                "la convención tributaria de las Naciones Unidas",
            ],
            [
                "利润转移",
                "profit shifting",
                "le transfert de bénéfices",
                "el traslado de beneficios",
            ],
            [
                "碳税",
                "carbon tax",
                "la taxe carbone",
                "el impuesto al carbono",
            ],
            [
                "全球最低税",
                "the global minimum tax",
                "l'impôt minimum mondial",
                "el impuesto mínimo global",
            ],
        ],
    },
];

/// Sentence templates: `{a}` and `{b}` are concepts, `{c}` a country, `{y}` a year.
const SENTENCES: &[L4] = &[
    [
        "本文探讨{a}及其对发展中国家{b}的影响。",
        "This paper examines {a} and its implications for {b} in developing countries.",
        "Ce document examine {a} et ses conséquences pour {b} dans les pays en développement.",
        "Este documento examina {a} y sus consecuencias para {b} en los países en desarrollo.",
    ],
    [
        "{y}年以来，关于{a}的谈判进展缓慢。",
        "Since {y}, negotiations on {a} have made slow progress.",
        "Depuis {y}, les négociations sur {a} ont peu progressé.",
        "Desde {y}, las negociaciones sobre {a} han avanzado lentamente.",
    ],
    [
        "{c}的经验表明，{a}需要足够的政策空间。",
        "The experience of {c} shows that {a} requires adequate policy space.",
        "L'expérience de {c} montre que {a} exige une marge de manœuvre suffisante.",
        "La experiencia de {c} muestra que {a} requiere un espacio de políticas suficiente.",
    ],
    [
        "发展中国家应当协调立场，推动{a}与{b}相互支持。",
        "Developing countries should coordinate their positions so that {a} and {b} support each other.",
        "Les pays en développement devraient coordonner leurs positions afin que {a} et {b} se renforcent mutuellement.",
        "Los países en desarrollo deberían coordinar sus posiciones para que {a} y {b} se refuercen mutuamente.",
    ],
    [
        "现行规则对{a}的处理不利于南方国家。",
        "Current rules on {a} work against the countries of the South.",
        "Les règles actuelles relatives à {a} désavantagent les pays du Sud.",
        "Las normas actuales sobre {a} perjudican a los países del Sur.",
    ],
    [
        "本政策简报提出了关于{a}的若干建议。",
        "This policy brief sets out recommendations on {a}.",
        "Cette note d'orientation formule des recommandations sur {a}.",
        "Este informe de políticas formula recomendaciones sobre {a}.",
    ],
    [
        "{c}在{y}年的提案将{a}置于议程的核心。",
        "The proposal made by {c} in {y} put {a} at the centre of the agenda.",
        "La proposition présentée par {c} en {y} a placé {a} au cœur de l'ordre du jour.",
        "La propuesta presentada por {c} en {y} situó {a} en el centro de la agenda.",
    ],
    [
        "分析显示，{a}与{b}之间存在密切联系。",
        "The analysis shows a close link between {a} and {b}.",
        "L'analyse montre un lien étroit entre {a} et {b}.",
        "El análisis muestra un vínculo estrecho entre {a} y {b}.",
    ],
    [
        "南方中心呼吁在{a}问题上加强国际合作。",
        "The South Centre calls for stronger international cooperation on {a}.",
        "Le Centre Sud appelle à renforcer la coopération internationale en matière de {a}.",
        "El Centro del Sur pide reforzar la cooperación internacional en materia de {a}.",
    ],
    [
        "若不改革{a}，实现{b}将更加困难。",
        "Without reform of {a}, achieving {b} will be harder.",
        "Sans réforme de {a}, il sera plus difficile de parvenir à {b}.",
        "Sin una reforma de {a}, será más difícil lograr {b}.",
    ],
    [
        "许多国家缺乏参与{a}讨论的能力和资源。",
        "Many countries lack the capacity and resources to take part in discussions on {a}.",
        "De nombreux pays manquent de capacités et de ressources pour participer aux débats sur {a}.",
        "Muchos países carecen de la capacidad y los recursos para participar en los debates sobre {a}.",
    ],
    [
        "最后，本文提出了{c}等国可以采取的具体步骤。",
        "Finally, the paper proposes concrete steps that countries such as {c} could take.",
        "Enfin, le document propose des mesures concrètes que des pays comme {c} pourraient prendre.",
        "Por último, el documento propone medidas concretas que países como {c} podrían adoptar.",
    ],
];

const TITLES: &[L4] = &[
    [
        "{A}：对发展中国家的启示",
        "{A}: Lessons for Developing Countries",
        "{A} : enseignements pour les pays en développement",
        "{A}: lecciones para los países en desarrollo",
    ],
    ["{A}与{B}", "{A} and {B}", "{A} et {B}", "{A} y {B}"],
    [
        "重新思考{A}",
        "Rethinking {A}",
        "Repenser {A}",
        "Repensar {A}",
    ],
    [
        "{y}年后的{A}",
        "{A} after {y}",
        "{A} après {y}",
        "{A} después de {y}",
    ],
    [
        "{c}的{A}经验",
        "{A}: the Experience of {c}",
        "{A} : l'expérience de {c}",
        "{A}: la experiencia de {c}",
    ],
    [
        "{A}谈判现状",
        "The State of Negotiations on {A}",
        "L'état des négociations sur {A}",
        "El estado de las negociaciones sobre {A}",
    ],
];

const COUNTRIES: &[(&str, L4)] = &[
    ("BR", ["巴西", "Brazil", "le Brésil", "Brasil"]),
    ("CN", ["中国", "China", "la Chine", "China"]),
    ("IN", ["印度", "India", "l'Inde", "la India"]),
    (
        "ZA",
        ["南非", "South Africa", "l'Afrique du Sud", "Sudáfrica"],
    ),
    ("KE", ["肯尼亚", "Kenya", "le Kenya", "Kenia"]),
    ("EC", ["厄瓜多尔", "Ecuador", "l'Équateur", "Ecuador"]),
    (
        "ID",
        ["印度尼西亚", "Indonesia", "l'Indonésie", "Indonesia"],
    ),
    ("SN", ["塞内加尔", "Senegal", "le Sénégal", "Senegal"]),
    ("CU", ["古巴", "Cuba", "Cuba", "Cuba"]),
    ("MY", ["马来西亚", "Malaysia", "la Malaisie", "Malasia"]),
    ("BO", ["玻利维亚", "Bolivia", "la Bolivie", "Bolivia"]),
    ("VN", ["越南", "Viet Nam", "le Viet Nam", "Viet Nam"]),
    ("NG", ["尼日利亚", "Nigeria", "le Nigéria", "Nigeria"]),
    ("AR", ["阿根廷", "Argentina", "l'Argentine", "Argentina"]),
];

/// `(type id, series name, relative frequency)`.
const TYPES: &[(&str, Option<&str>, u32)] = &[
    ("research-paper", Some("Research Paper"), 25),
    ("policy-brief", Some("Policy Brief"), 20),
    ("southviews", Some("SouthViews"), 14),
    ("statement", None, 10),
    ("submission", None, 8),
    ("analytical-note", Some("Analytical Note"), 8),
    ("meeting-report", None, 5),
    ("book", Some("Books"), 3),
    ("training", None, 4),
    ("advisory-note", None, 3),
];

/// Deterministic 64-bit generator (SplitMix64): same seed, same corpus, on every platform.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) % n as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64) < p * (1u64 << 53) as f64
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The content of one output, shared by its language versions.
struct Plan {
    output_id: i64,
    themes: Vec<usize>,
    /// (theme, concept) pairs the texts are about.
    concepts: Vec<(usize, usize)>,
    countries: Vec<usize>,
    type_idx: usize,
    title: (usize, usize, usize, usize),
    summary: Vec<Sentence>,
    body: Vec<Sentence>,
    date: (u32, u32, u32),
    visibility: Visibility,
    langs: Vec<Lang>,
}

#[derive(Clone, Copy)]
struct Sentence {
    template: usize,
    a: (usize, usize),
    b: (usize, usize),
    country: usize,
    year: u32,
}

/// An endless, deterministic stream of language versions; take as many as needed.
#[derive(Debug, Clone)]
pub struct Generator {
    rng: Rng,
    next_id: i64,
    /// Versions of the current output still to emit.
    pending: Vec<IndexDoc>,
}

impl Generator {
    /// A stream seeded by `seed`; output ids start at 1.
    pub fn new(seed: u64) -> Self {
        Generator {
            rng: Rng::new(seed),
            next_id: 1,
            pending: Vec::new(),
        }
    }

    fn plan(&mut self) -> Plan {
        let r = &mut self.rng;
        let output_id = self.next_id;
        self.next_id += 1;
        let mut themes = vec![r.below(THEMES.len())];
        if r.chance(0.4) {
            let t = r.below(THEMES.len());
            if t != themes[0] {
                themes.push(t);
            }
        }
        let mut concepts = Vec::new();
        for &t in &themes {
            for _ in 0..3 {
                concepts.push((t, r.below(THEMES[t].concepts.len())));
            }
        }
        let countries: Vec<usize> = (0..r.below(3)).map(|_| r.below(COUNTRIES.len())).collect();
        let total: u32 = TYPES.iter().map(|t| t.2).sum();
        let mut roll = r.below(total as usize) as u32;
        let type_idx = TYPES
            .iter()
            .position(|t| {
                if roll < t.2 {
                    true
                } else {
                    roll -= t.2;
                    false
                }
            })
            .unwrap_or(0);
        let year = 2000 + r.below(27) as u32;
        let country_of = |r: &mut Rng| {
            if countries.is_empty() {
                r.below(COUNTRIES.len())
            } else {
                *r.pick(&countries)
            }
        };
        let sentence = |r: &mut Rng| Sentence {
            template: r.below(SENTENCES.len()),
            a: *r.pick(&concepts),
            b: *r.pick(&concepts),
            country: country_of(r),
            year: 1995 + r.below(31) as u32,
        };
        let summary = (0..2 + r.below(2)).map(|_| sentence(r)).collect();
        let body = (0..8 + r.below(24)).map(|_| sentence(r)).collect();
        let title = (
            r.below(TITLES.len()),
            r.below(concepts.len()),
            r.below(concepts.len()),
            country_of(r),
        );
        let visibility = match r.below(100) {
            0..=84 => Visibility::Public,
            85..=94 => Visibility::Internal,
            _ => Visibility::Confidential,
        };
        let mut langs = vec![Lang::En];
        for (lang, p) in [(Lang::Fr, 0.35), (Lang::Es, 0.35), (Lang::Zh, 0.25)] {
            if r.chance(p) {
                langs.push(lang);
            }
        }
        Plan {
            output_id,
            themes,
            concepts,
            countries,
            type_idx,
            title,
            summary,
            body,
            date: (year, 1 + r.below(12) as u32, 1 + r.below(28) as u32),
            visibility,
            langs,
        }
    }

    fn render(plan: &Plan, lang: Lang) -> IndexDoc {
        let li = lang.index();
        let concept = |(t, c): (usize, usize)| THEMES[t].concepts[c][li];
        let render_sentence = |s: &Sentence| {
            fill(
                SENTENCES[s.template][li],
                concept(s.a),
                concept(s.b),
                COUNTRIES[s.country].1[li],
                s.year,
            )
        };
        let join = |sentences: &[Sentence]| {
            let parts: Vec<String> = sentences.iter().map(render_sentence).collect();
            parts.join(if lang == Lang::Zh { "" } else { " " })
        };
        let (tt, ta, tb, tc) = plan.title;
        let mut a = concept(plan.concepts[ta]).to_string();
        let mut b = concept(plan.concepts[tb]).to_string();
        if lang != Lang::Zh {
            a = capitalize(strip_article(&a));
            b = strip_article(&b).to_string();
        }
        let title = TITLES[tt][li]
            .replace("{A}", &a)
            .replace("{B}", &b)
            .replace("{c}", COUNTRIES[tc].1[li])
            .replace("{y}", &plan.date.0.to_string());
        let (type_id, series, _) = TYPES[plan.type_idx];
        let mut sdgs: Vec<u8> = plan
            .themes
            .iter()
            .flat_map(|&t| THEMES[t].sdgs.iter().copied())
            .collect();
        sdgs.sort_unstable();
        sdgs.dedup();
        let mut programmes: Vec<String> = plan
            .themes
            .iter()
            .map(|&t| THEMES[t].programme.to_string())
            .collect();
        programmes.dedup();
        let t0 = &THEMES[plan.themes[0]];
        let forum = t0.forums[(plan.output_id as usize) % t0.forums.len()];
        let mut countries: Vec<String> = plan
            .countries
            .iter()
            .map(|&c| COUNTRIES[c].0.to_string())
            .collect();
        countries.sort();
        countries.dedup();
        IndexDoc {
            output_id: plan.output_id,
            lang,
            title,
            summary: join(&plan.summary),
            body: join(&plan.body),
            output_type: type_id.to_string(),
            series: series.map(str::to_string),
            themes: plan
                .themes
                .iter()
                .map(|&t| THEMES[t].id.to_string())
                .collect(),
            sdgs,
            programmes,
            forums: vec![forum.to_string()],
            countries,
            date: Some(format!(
                "{:04}-{:02}-{:02}",
                plan.date.0, plan.date.1, plan.date.2
            )),
            visibility: plan.visibility,
        }
    }
}

impl Iterator for Generator {
    type Item = IndexDoc;

    fn next(&mut self) -> Option<IndexDoc> {
        if self.pending.is_empty() {
            let plan = self.plan();
            // emitted in reverse by pop(): keep English first
            self.pending = plan
                .langs
                .iter()
                .rev()
                .map(|&l| Self::render(&plan, l))
                .collect();
        }
        self.pending.pop()
    }
}

fn fill(template: &str, a: &str, b: &str, c: &str, y: u32) -> String {
    let mut s = template
        .replace("{a}", a)
        .replace("{b}", b)
        .replace("{c}", c)
        .replace("{y}", &y.to_string());
    if let Some(first) = s.chars().next()
        && first.is_lowercase()
    {
        s = capitalize(&s);
    }
    s
}

fn strip_article(s: &str) -> &str {
    for article in [
        "the ", "a ", "les ", "la ", "le ", "l'", "une ", "un ", "los ", "las ", "el ", "una ",
    ] {
        if let Some(rest) = s.strip_prefix(article) {
            return rest;
        }
    }
    s
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The theme ids the generator draws from.
pub fn theme_ids() -> Vec<&'static str> {
    THEMES.iter().map(|t| t.id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_of_one_output_share_metadata() {
        let docs: Vec<IndexDoc> = Generator::new(1).take(200).collect();
        for w in docs.windows(2) {
            if w[0].output_id == w[1].output_id {
                assert_eq!(w[0].themes, w[1].themes);
                assert_ne!(w[0].lang, w[1].lang);
            }
        }
        assert!(
            docs.iter()
                .any(|d| d.lang == Lang::Zh && !d.body.contains(' '))
        );
    }
}
