//! `samples/README.md`, written from the curated samples' results.

use super::spec::Spec;
use std::path::Path;

/// `samples/README.md`, with every school checked by the library.
pub fn readme(root: &Path, specs: &[Spec]) -> Result<String, Box<dyn std::error::Error>> {
    let cl = ducha::pipeline::load_checklist(None).map_err(|e| e.to_string())?;
    let (mut rows, mut differ) = (String::new(), String::new());
    for s in specs {
        let r = ducha::pipeline::check(&root.join(&s.folder), &cl, &Default::default())
            .map_err(|e| e.to_string())?;
        let sum = &r.summary;
        let vetoes = if sum.vetoed.is_empty() {
            "—".to_string()
        } else {
            sum.vetoed.join("、")
        };
        let source = if s.inspected {
            "检查组 inspection.yaml"
        } else {
            "自查 self_audit_date"
        };
        let kind = format!("{}({})", s.kind.name(), s.kind.id());
        let (office, demo) = (&r.school.office, &s.demonstrates);
        let date = format!("{}({source}) | `--date {}`", s.date, s.date);
        let result = format!(
            "{} | {} | {vetoes} | {}",
            sum.score, sum.grade, sum.pending.items
        );
        rows.push_str(&format!(
            "| `{}` | {kind} | {office} | {demo} | {date} | {result} |\n",
            s.folder
        ));
        differ.push_str(&differences(s, &r));
    }
    let differ = if differ.is_empty() {
        "每所学校扣分的检查项都与生成器的设计一致。\n".to_string()
    } else {
        format!("{DIFFER_NOTE}{differ}")
    };
    let followup = followup(root, specs, &cl)?;
    Ok(format!(
        "{README_HEAD}{rows}{README_MIDDLE}{differ}{followup}{README_TAIL}"
    ))
}

/// The 回头看 section: each school with last term's result in
/// `previous/`, followed up as `batch samples` does.
fn followup(
    root: &Path,
    specs: &[Spec],
    cl: &ducha::checklist::Checklist,
) -> Result<String, Box<dyn std::error::Error>> {
    use ducha::result::Rectified;
    let mut rows = String::new();
    for (folder, _) in crate::curated::previous_terms() {
        let file = root.join("previous").join(format!("{folder}.json"));
        let prev = ducha::pipeline::Previous::read(&file).map_err(|e| e.to_string())?;
        let opts = ducha::pipeline::CheckOptions {
            previous: Some(std::sync::Arc::new(prev)),
            ..Default::default()
        };
        let r = ducha::pipeline::check(&root.join(folder), cl, &opts).map_err(|e| e.to_string())?;
        let f = r.followup.as_ref().ok_or("no follow-up")?;
        let n = |k: Rectified| f.counts.get(&k).copied().unwrap_or(0);
        let recurring: Vec<&str> = f
            .items
            .iter()
            .filter(|i| i.recurring)
            .map(|i| i.item.as_str())
            .collect();
        let other: Vec<String> = f
            .items
            .iter()
            .filter(|i| {
                matches!(
                    i.status,
                    Rectified::NotApplicable | Rectified::Pending | Rectified::Removed
                )
            })
            .map(|i| {
                format!(
                    "{}({})",
                    i.item,
                    ducha::present::Lang::Zh.label("followup", i.status.key())
                )
            })
            .collect();
        let _ = specs;
        rows.push_str(&format!(
            "| `{folder}` | {} | {} {} | {} {} | {} | {} | {} | {} | {} |\n",
            f.previous_date,
            f.previous_score,
            f.previous_grade,
            r.summary.score,
            r.summary.grade,
            n(Rectified::Rectified),
            n(Rectified::Partly),
            n(Rectified::NotRectified),
            if recurring.is_empty() {
                "—".into()
            } else {
                recurring.join("、")
            },
            if other.is_empty() {
                "—".into()
            } else {
                other.join("、")
            },
        ));
    }
    Ok(format!("{FOLLOWUP_HEAD}{rows}{FOLLOWUP_NOTE}"))
}

const FOLLOWUP_HEAD: &str = "
## 回头看 / Follow-up of last term (`previous/`)

`previous/` 中是三所学校上学期(春季,开学 2026-02-24)的检查结果。`batch samples` 自动用它们回头看:
上次扣分的项目逐项标为整改到位、部分整改或未整改,报告增加「回头看」一节,“岁末年初”问题整改落实一项
(`safety.rectification`)要求上次的问题本次已达标或在问题整改台账中记为已完成,汇总工作簿增加两次检查对比、
乡镇变化、检查项对比和连续未达标工作表。下表的本次得分是回头看之后的(整改落实一项因此可能扣分):

```
cargo run -- check samples/02-城关第二初级中学 --previous samples/previous/02-城关第二初级中学.json
```

| 学校 | 上次检查 | 上次得分 | 本次得分 | 整改到位 | 部分整改 | 未整改 | 连续两次未达标 | 其他 |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
";

const FOLLOWUP_NOTE: &str = "
上学期的结果这样得出:生成器按各校上学期的问题(`crates/ducha-synth/src/curated/flaws.rs` 的 `previous_*`)
写出当时的材料,由 ducha 评定,再把结果中的所有日期整体提前 27 周(189 天,星期不变)。材料本身不随样例发布。
";

/// Verdicts that differ from the sample's design: an item scored other
/// than `Spec::issues` says (full marks when it is not listed).
pub(crate) fn differences(s: &Spec, r: &ducha::result::InspectionResult) -> String {
    use ducha::result::Status;
    let mut out = String::new();
    for i in r
        .items
        .iter()
        .filter(|i| i.status.counts() && i.status != Status::Pending)
    {
        let designed = s
            .issues
            .iter()
            .find(|(id, _)| *id == i.id)
            .map(|(_, p)| *p)
            .unwrap_or(i.max);
        if (i.score - designed).abs() > 1e-9 {
            let why = i
                .findings
                .first()
                .map(|f| f.message.clone())
                .unwrap_or_else(|| i.note.clone());
            let why = if why.is_empty() {
                String::new()
            } else {
                format!(":{why}")
            };
            out.push_str(&format!(
                "- `{}` `{}` 得 {}/{},设计为 {}{why}\n",
                s.folder, i.id, i.score, i.max, designed
            ));
        }
    }
    out
}

pub(crate) const README_HEAD: &str = "# 示例提交材料 / Sample submissions

本目录由 `cargo run -p ducha-synth --bin make-samples` 生成,请勿手工修改(修改 `crates/ducha-synth/src/curated/` 后重新运行;
同样的生成器每次写出完全相同的字节)。七所学校都属于虚构的湖北省**澴阳县**,学校、人名、电话、证照编号均为随机编造。

Generated by `cargo run -p ducha-synth --bin make-samples` (deterministic: identical bytes on every run). Seven invented
schools of the fictional county 澴阳县 (Hubei), each a complete submission folder for `checklists/start-of-term.yaml`.
`tests/it/samples.rs` checks every folder and pins its grade, vetoes and full JSON result.

## 学校一览 / Schools

开学日期均为 2026-09-01。检查日期写在各校自己的文件中(`inspection.yaml` 的 `visit_date`,或自查学校
`school.yaml` 的 `self_audit_date`),所以任何一天运行结果都相同;表中的 `--date` 参数给出同一日期,可显式复现:

```
cargo run -- check samples/01-河口镇中心小学 --date 2026-09-15
cargo run -- check samples/01-河口镇中心小学 --format json
```

| 文件夹 | 类型 | 汇总科室 | 演示内容 | 检查日期 | 复现参数 | 得分 | 等级 | 一票否决项 | 待现场检查项 |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
";

pub(crate) const README_MIDDLE: &str = "
(得分、等级、否决项和待检查项数由生成器运行时调用 `ducha::pipeline::check` 得出。)

## 与设计不符的判定 / Verdicts that differ from the design

";

pub(crate) const DIFFER_NOTE: &str =
    "生成器为每所学校记下了有意制造的问题(`Spec::issues`)。下列判定与设计不符,
多半是清单或引擎的问题而不是材料的问题,请核查;修正后重新运行生成器,本节随之更新:

";

pub(crate) const README_TAIL: &str = "
## 材料的写法 / What the files exercise

- 表格既有 .xlsx 也有 .csv:部分工作簿在表头上方有合并的标题行和填表说明行(如 `关爱/留守儿童花名册.xlsx`);
  CSV 有 GB18030 编码(`关爱/留守儿童家访记录.csv`、`安全/开学第一课安全教育记录.csv`、`开学/送教上门记录.csv`)、
  带 BOM 的 UTF-8(`关爱/亲情联系记录.csv`、`食堂/学校负责人陪餐记录.csv`)和无 BOM 的 UTF-8(`开学/课程设置表.csv`)。
- 日期写法逐表轮换:Excel 日期、`2026-9-1`、`2026/09/01`、`2026年9月1日`、`2026.9.1`、`2026-09-01`;
  留样时间写到分钟(Excel 日期时间或文字)。
- 列名用了清单中的别名(如 `健康状况/病史`);父母电话有时填两个号码(`、` 分隔);白果村小学的花名册把电话存成了数字。
- 文档:`关爱/` 中的学校工作计划和年度关爱方案(.docx,写明 2026 年),`安全/安全工作领导小组.docx`;
  扫描件(.pdf):食品经营许可证、校车使用许可、每名留守儿童的成长档案;照片(.jpg):收费公示栏和检查组引用的现场照片。
- `inspection.yaml`:检查组 2–3 人及单位(第一人为组长)、检查日期、每个适用的现场/材料+现场项目的得分、发现的问题、照片、学校自评分。

## 发文设置 / Who issues the documents (`county.yaml`)

`county.yaml` 是澴阳县的发文设置:发文机关(澴阳县教育局)、受理回执的科室、检查组署名、检查名称和文号格式。
`batch samples` 自动读取它:经检查组检查的学校按文件夹顺序编号,反馈意见从 澴教督〔2026〕11号 起(06 村小未经检查组
检查,出具学校自查报告,不占文号),有整改问题的学校的限期整改通知书从 澴教督改〔2026〕11号 起,通报为 澴教督〔2026〕30号。单独生成时用 `--county samples/county.yaml`
(在 `samples/` 下的学校文件夹会自动找到它)。
";
