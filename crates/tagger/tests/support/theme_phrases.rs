// Shared by tests/pipeline.rs and examples/tag_tune.rs (through `include!`).

/// One unambiguous vocabulary phrase per theme, in English, French, Spanish and
/// Chinese, to be set in a neutral sentence.
const THEME_PHRASES: [(&str, [&str; 4]); 14] = [
    (
        "agenda2030",
        [
            "the 2030 Agenda for Sustainable Development",
            "le Programme de développement durable à l'horizon 2030",
            "la Agenda 2030 para el Desarrollo Sostenible",
            "2030年可持续发展议程",
        ],
    ),
    (
        "climate",
        [
            "the Paris Agreement",
            "l'Accord de Paris",
            "el Acuerdo de París",
            "巴黎协定",
        ],
    ),
    (
        "governance",
        [
            "the reform of the United Nations",
            "la réforme des Nations Unies",
            "la reforma de las Naciones Unidas",
            "联合国改革",
        ],
    ),
    (
        "digital",
        [
            "global digital governance",
            "la gouvernance mondiale du numérique",
            "la gobernanza digital mundial",
            "全球数字治理",
        ],
    ),
    (
        "ucm",
        [
            "unilateral coercive measures",
            "les mesures coercitives unilatérales",
            "las medidas coercitivas unilaterales",
            "单边强制措施",
        ],
    ),
    (
        "finance",
        [
            "the Sevilla Commitment",
            "l'Engagement de Séville",
            "el Compromiso de Sevilla",
            "塞维利亚承诺",
        ],
    ),
    (
        "trade",
        [
            "WTO reform",
            "la réforme de l'OMC",
            "la reforma de la OMC",
            "世贸组织改革",
        ],
    ),
    (
        "investment",
        [
            "bilateral investment treaties",
            "les traités bilatéraux d'investissement",
            "los tratados bilaterales de inversión",
            "双边投资条约",
        ],
    ),
    (
        "ip",
        [
            "the TRIPS Agreement",
            "l'Accord sur les ADPIC",
            "el Acuerdo sobre los ADPIC",
            "与贸易有关的知识产权协定",
        ],
    ),
    (
        "biodiversity",
        [
            "the Nagoya Protocol",
            "le Protocole de Nagoya",
            "el Protocolo de Nagoya",
            "名古屋议定书",
        ],
    ),
    (
        "rights",
        [
            "the right to development",
            "le droit au développement",
            "el derecho al desarrollo",
            "发展权",
        ],
    ),
    (
        "health",
        [
            "universal health coverage",
            "la couverture sanitaire universelle",
            "la cobertura sanitaria universal",
            "全民健康覆盖",
        ],
    ),
    (
        "ssc",
        [
            "South-South cooperation",
            "la coopération Sud-Sud",
            "la cooperación Sur-Sur",
            "南南合作",
        ],
    ),
    (
        "tax",
        [
            "international tax cooperation",
            "la coopération fiscale internationale",
            "la cooperación tributaria internacional",
            "国际税务合作",
        ],
    ),
];

/// The phrase in a neutral sentence of its language.
fn phrase_sentence(lang: usize, phrase: &str) -> String {
    match lang {
        0 => format!("The delegation asked about {phrase}."),
        1 => format!("La délégation a posé une question sur {phrase}."),
        2 => format!("La delegación preguntó por {phrase}."),
        _ => format!("代表团询问了{phrase}的情况。"),
    }
}
