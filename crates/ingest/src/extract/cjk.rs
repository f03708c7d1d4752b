//! Chinese text as PDFs give it back, made searchable.
//!
//! Many PDF producers map some Han glyphs to look-alike compatibility code
//! points: Kangxi radicals (U+2F00–U+2FDF: `⽓` for `气`), CJK radicals
//! supplement (U+2E80–U+2EFF: `⻓` for `长`), CJK compatibility ideographs
//! (U+F900–U+FAFF, U+2F800–U+2FA1F). They look the same and search as
//! different characters, so `资⾦` misses `资金`. [`unify_han`] maps them to the
//! unified ideographs: NFKC for those ranges (NFKC is applied only to
//! them, so full-width Latin, ligatures and the like in the rest of the text
//! stay as written), and a small table of ours for the radicals supplement,
//! which Unicode gives no decomposition.
//!
//! PDF text also breaks lines inside Chinese words; [`join_cjk_lines`]
//! removes a line break between two Han characters.

use unicode_normalization::UnicodeNormalization;

/// Whether `c` is in one of the compatibility ranges.
fn is_compat_han(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2EFF | 0x2F00..=0x2FDF | 0xF900..=0xFAFF | 0x2F800..=0x2FA1F)
}

/// The CJK radicals supplement forms that occur as stand-ins for whole
/// characters in PDF text (Unicode has no decomposition for them).
fn radical_supplement(c: char) -> Option<char> {
    Some(match c {
        '\u{2E84}' => '乙',
        '\u{2E85}' => '亻',
        '\u{2E86}' => '冂',
        '\u{2E87}' => '几',
        '\u{2E88}' => '刀',
        '\u{2E89}' => '刂',
        '\u{2E8A}' => '卜',
        '\u{2E8C}' => '小',
        '\u{2E8D}' => '小',
        '\u{2E8E}' => '兀',
        '\u{2E8F}' => '尣',
        '\u{2E90}' => '尢',
        '\u{2E91}' => '尢',
        '\u{2E92}' => '巳',
        '\u{2E93}' => '幺',
        '\u{2E94}' => '彑',
        '\u{2E95}' => '彐',
        '\u{2E96}' => '忄',
        '\u{2E97}' => '㣺',
        '\u{2E98}' => '扌',
        '\u{2E99}' => '攵',
        '\u{2E9B}' => '旡',
        '\u{2E9C}' => '日',
        '\u{2E9D}' => '月',
        '\u{2E9E}' => '歺',
        '\u{2E9F}' => '母',
        '\u{2EA0}' => '民',
        '\u{2EA1}' => '氵',
        '\u{2EA2}' => '氺',
        '\u{2EA3}' => '灬',
        '\u{2EA4}' => '爫',
        '\u{2EA5}' => '爫',
        '\u{2EA6}' => '丬',
        '\u{2EA7}' => '牛',
        '\u{2EA8}' => '犭',
        '\u{2EA9}' => '王',
        '\u{2EAA}' => '疋',
        '\u{2EAB}' => '罒',
        '\u{2EAC}' => '示',
        '\u{2EAD}' => '礻',
        '\u{2EAE}' => '竹',
        '\u{2EAF}' => '糸',
        '\u{2EB0}' => '纟',
        '\u{2EB1}' => '网',
        '\u{2EB2}' => '罒',
        '\u{2EB3}' => '罓',
        '\u{2EB4}' => '罒',
        '\u{2EB5}' => '罒',
        '\u{2EB6}' => '羊',
        '\u{2EB7}' => '羊',
        '\u{2EB9}' => '老',
        '\u{2EBA}' => '肀',
        '\u{2EBB}' => '聿',
        '\u{2EBC}' => '月',
        '\u{2EBD}' => '臼',
        '\u{2EBE}' => '艹',
        '\u{2EBF}' => '艹',
        '\u{2EC0}' => '艹',
        '\u{2EC1}' => '虎',
        '\u{2EC2}' => '衤',
        '\u{2EC3}' => '覀',
        '\u{2EC4}' => '西',
        '\u{2EC5}' => '见',
        '\u{2EC6}' => '角',
        '\u{2EC7}' => '角',
        '\u{2EC8}' => '讠',
        '\u{2EC9}' => '贝',
        '\u{2ECA}' => '足',
        '\u{2ECB}' => '车',
        '\u{2ECC}' => '辶',
        '\u{2ECD}' => '辶',
        '\u{2ECE}' => '辶',
        '\u{2ECF}' => '阝',
        '\u{2ED0}' => '钅',
        '\u{2ED1}' => '长',
        '\u{2ED2}' => '镸',
        '\u{2ED3}' => '长',
        '\u{2ED4}' => '门',
        '\u{2ED5}' => '阜',
        '\u{2ED6}' => '阝',
        '\u{2ED7}' => '雨',
        '\u{2ED8}' => '青',
        '\u{2ED9}' => '韦',
        '\u{2EDA}' => '页',
        '\u{2EDB}' => '风',
        '\u{2EDC}' => '飞',
        '\u{2EDD}' => '食',
        '\u{2EDE}' => '𩙿',
        '\u{2EDF}' => '飠',
        '\u{2EE0}' => '饣',
        '\u{2EE1}' => '首',
        '\u{2EE2}' => '马',
        '\u{2EE3}' => '骨',
        '\u{2EE4}' => '鬼',
        '\u{2EE5}' => '鱼',
        '\u{2EE6}' => '鸟',
        '\u{2EE7}' => '卤',
        '\u{2EE8}' => '麦',
        '\u{2EE9}' => '黄',
        '\u{2EEA}' => '黾',
        '\u{2EEB}' => '斉',
        '\u{2EEC}' => '齐',
        '\u{2EED}' => '歯',
        '\u{2EEE}' => '齿',
        '\u{2EEF}' => '竜',
        '\u{2EF0}' => '龙',
        '\u{2EF1}' => '龜',
        '\u{2EF2}' => '亀',
        '\u{2EF3}' => '龟',
        _ => return None,
    })
}

/// Maps the compatibility look-alikes of Han characters to the unified
/// ideographs; everything else is left as it is.
pub(crate) fn unify_han(s: &str) -> String {
    if !s.chars().any(is_compat_han) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !is_compat_han(c) {
            out.push(c);
        } else if let Some(r) = radical_supplement(c) {
            out.push(r);
        } else {
            out.extend(std::iter::once(c).nfkc());
        }
    }
    out
}

/// Whether `c` is a Han character or CJK punctuation: text where a line
/// break is not a space.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F      // CJK symbols and punctuation
        | 0x3400..=0x4DBF    // extension A
        | 0x4E00..=0x9FFF    // unified ideographs
        | 0xF900..=0xFAFF
        | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 // full-width punctuation
        | 0x20000..=0x3FFFF)
}

/// Removes a single line break (and the spaces around it) between two CJK
/// characters: `适应\n资金` → `适应资金`. Blank lines (paragraphs) stay.
pub(crate) fn join_cjk_lines(s: &str) -> String {
    if !s.chars().any(is_cjk) {
        return s.to_string();
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' || c == ' ' {
            // the run of spaces and newlines starting here
            let mut j = i;
            let mut newlines = 0;
            while j < chars.len() && matches!(chars[j], ' ' | '\n') {
                if chars[j] == '\n' {
                    newlines += 1;
                }
                j += 1;
            }
            let before = out.chars().next_back();
            let after = chars.get(j).copied();
            if newlines == 1 && before.is_some_and(is_cjk) && after.is_some_and(is_cjk) {
                i = j;
                continue;
            }
            out.extend(&chars[i..j]);
            i = j;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compatibility_characters_become_unified() {
        // Kangxi radicals (⽓ U+2F53, ⾦ U+2FA6, ⽬ U+2F6C) decompose under NFKC
        assert_eq!(unify_han("\u{2F53}候"), "气候");
        assert_eq!(unify_han("资\u{2FA6}"), "资金");
        assert_eq!(unify_han("\u{2F6C}标"), "目标");
        // the radicals supplement does not: our table (⻓ U+2ED3, ⻋ U+2ECB)
        assert_eq!(unify_han("\u{2ED3}期"), "长期");
        assert_eq!(unify_han("\u{2ECB}辆"), "车辆");
        // compatibility ideographs (U+F900 豈 → 豈 U+8C48)
        assert_eq!(unify_han("\u{F900}"), "\u{8C48}");
        assert_eq!(unify_han("\u{2F800}"), "\u{4E3D}");
        // the rest of the text is not normalised
        assert_eq!(unify_han("ﬁ Ｆ ² 气"), "ﬁ Ｆ ² 气");
    }

    #[test]
    fn lines_broken_inside_chinese_words_are_joined() {
        assert_eq!(join_cjk_lines("适应\n资金"), "适应资金");
        assert_eq!(
            join_cjk_lines("适应 \n 资金。\n\n新段落"),
            "适应资金。\n\n新段落"
        );
        // Latin lines keep their breaks; a break between Han and Latin too
        assert_eq!(join_cjk_lines("climate\nfinance"), "climate\nfinance");
        assert_eq!(join_cjk_lines("资金\nCOP30"), "资金\nCOP30");
        assert_eq!(join_cjk_lines("资金，\n用于"), "资金，用于");
    }
}
