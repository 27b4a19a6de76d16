import BerthCore
import BerthStore

/// The report's languages.
public typealias ReportLanguage = Language

/// Every sentence of the report in both languages. AWS service names are written as AWS
/// writes them in both. Rule titles and rationales and the pack's title are the pack's own
/// words, in Japanese where the pack has them (`ja:`, `title_ja`), else in English; sources
/// are citations and stay as the pack writes them.
struct Strings {
    let lang: ReportLanguage
    private func l(_ en: String, _ ja: String) -> String { lang == .ja ? ja : en }

    // The pack's own words, in Japanese where the pack has them, else in English.
    private func own(_ en: String?, _ ja: String?) -> String? { lang == .ja ? (ja ?? en) : en }
    func ruleMessage(_ r: RuleMention) -> String { lang == .ja ? (r.messageJA ?? r.message) : r.message }
    func ruleTitle(_ r: FiredRule) -> String? { own(r.title, r.titleJA) }
    func ruleRationale(_ r: FiredRule) -> String? { own(r.rationale, r.rationaleJA) }
    func packTitle(_ p: PackInfo) -> String? { own(p.title, p.titleJA) }

    var htmlLang: String { lang.rawValue }
    var title: String { l("Where each service should run", "各サービスの配置先") }
    var subtitle: String { l("Architecture review report", "アーキテクチャレビュー レポート") }
    func runLabel(_ id: Int64) -> String { l("Run #\(id)", "実行 #\(id)") }
    var rulePack: String { l("Rule pack", "ルールパック") }
    var asOf: String { l("As of", "基準日") }
    var input: String { l("Input", "入力") }
    var started: String { l("Started", "開始") }
    var generated: String { l("Generated", "生成") }
    var status: String { l("Status", "状態") }
    func statusName(_ s: String) -> String {
        switch s {
        case "complete": return l("complete", "完了")
        case "incomplete": return l("incomplete (interrupted)", "未完了（中断）")
        case "running": return l("running", "実行中")
        default: return s
        }
    }
    var contents: String { l("Contents", "目次") }

    // Summary
    var summary: String { l("Summary", "概要") }
    func decidedLine(_ n: Int, rejected: Int) -> String {
        let decided = l("\(n) services decided", "\(n) 件のサービスを判定")
        guard rejected > 0 else { return l(decided + ".", decided + "しました。") }
        return l("\(decided); \(rejected) rows could not be decided (see below).",
                 "\(decided)しました。\(rejected) 行は判定できませんでした（後述）。")
    }
    var recommendedChart: String { l("Recommended platform", "推奨プラットフォーム") }
    var eligibleChart: String { l("Could run on (eligible)", "実行できるプラットフォーム（適格）") }
    var exclusionChart: String { l("Most frequent exclusions", "よくある除外理由") }
    var nothingEligible: String { l("Nothing eligible", "適格なし") }
    func servicesUnit(_ count: Int) -> String { l(count == 1 ? "service" : "services", "件") }
    var platformColumn: String { l("Platform", "プラットフォーム") }
    var servicesColumn: String { l("Services", "サービス数") }
    var shareColumn: String { l("Share", "割合") }
    func assumedLine(defaults: Int, unknowns: Int, services: Int, of total: Int) -> String {
        if defaults + unknowns == 0 {
            return l("Every answer the rules read was given: no defaults or unknowns were assumed.",
                     "ルールが参照する回答はすべて入力されており、デフォルト値や不明な値は仮定していません。")
        }
        return l("\(defaults) answers were defaults and \(unknowns) were unknown, across \(services) of \(total) services: the decisions rest on them.",
                 "\(total) 件中 \(services) 件のサービスで、\(defaults) 個の回答をデフォルト値、\(unknowns) 個を不明として判定しました。判定はこれらの前提に基づいています。")
    }
    var assumptionsTable: String { l("Answers assumed", "仮定した回答") }
    var field: String { l("Field", "項目") }
    var valueAssumed: String { l("Value assumed", "仮定した値") }
    var kind: String { l("Kind", "種別") }
    func kindName(_ k: AssumptionKind) -> String { k == .unknown ? l("unknown", "不明") : l("default", "デフォルト") }
    var followUpsOverview: String { l("Follow-ups from the talk", "講演のプラクティスに基づくフォローアップ") }

    // Warnings
    func packProblem(_ name: String, _ problem: String) -> String {
        l("The rule pack '\(name)' cannot be loaded now (\(problem)): rules are shown by id, without their messages and sources.",
          "ルールパック「\(name)」を現在読み込めません（\(problem)）。ルールは ID のみで表示し、メッセージと出典は表示できません。")
    }
    var assumptionsNotRecorded: String {
        l("This run was stored by an earlier berth, which did not record the assumptions behind each decision (defaults, unknowns, rules not decided), the judgement calls or the unverified checks: they are not shown, and not guessed.",
          "この実行は以前の berth が保存したもので、各判定の前提（デフォルト値・不明な値・判定できなかったルール）、判断の分かれる判定、未検証の確認事項を記録していません。推測はせず、表示しません。")
    }
    // At a glance: the first page, for the people who sign the review.
    var glance: String { l("At a glance", "要点") }
    var glanceWhere: String { l("What runs where", "配置先") }
    var glanceChanges: String { l("Against the previous run", "前回の実行との違い") }
    var glanceCost: String { l("What it costs a month", "月額コスト") }
    var glanceCalls: String { l("Judgement calls and unverified checks", "判断の分かれる判定と未検証の確認事項") }
    var glanceRisks: String { l("Top risks", "主なリスク") }
    func glanceFirstRun() -> String { l("No earlier complete run to compare with.", "比較できる以前の完了した実行はありません。") }
    func glanceNotPriced() -> String { l("Not priced: the inventory states no usage (requests, duration, tasks).", "料金は算出していません（利用量が入力されていません）。") }
    /// The first names of a list, and how many more it has ("a, b and 4 more").
    func nameList(_ names: [String], more: Int) -> String {
        let shown = names.joined(separator: ", ")
        return more <= 0 ? shown : shown + " " + andMore(more)
    }
    func glanceCalls(_ n: Int, of total: Int, names: String) -> String {
        n == 0 ? l("No judgement calls: what each profile states separates its recommendation from the runner-up.", "判断の分かれる判定はありません。各サービスの入力内容で推奨先と次点が区別されています。")
            : l("\(n) of \(total) recommendations are judgement calls (nothing stated separates them from the runner-up; a person should choose): \(names).",
                "\(total) 件中 \(n) 件は判断の分かれる判定です（入力内容では次点と区別できず、人が選ぶ必要があります）: \(names)。")
    }
    func glanceUnverified(_ n: Int, names: String) -> String {
        n == 0 ? l("Every recommendation's requirements are backed by catalog facts at the as-of date.", "すべての推奨先の要件は基準日のカタログ情報で裏付けられています。")
            : l("\(n) recommendations rest on requirements no catalog fact confirms; check them by hand: \(names).",
                "\(n) 件の推奨先は、カタログ情報で確認できない要件に基づいています。手作業で確認してください: \(names)。")
    }
    func riskNothingEligible(_ n: Int, names: String) -> String {
        l("\(n) services have no eligible platform: \(names).", "\(n) 件のサービスは実行可能なプラットフォームがありません: \(names)。")
    }
    func riskUnknowns(_ n: Int) -> String {
        l("\(n) services were decided with answers unknown (the rules that read them could not be decided): state them and decide again.",
          "\(n) 件のサービスは不明な回答のまま判定しました（それを参照するルールは判定できていません）。回答を入力して判定し直してください。")
    }
    func riskRejected(_ n: Int) -> String {
        l("\(n) rows of the inventory were not decided (see Rows not decided).", "インベントリの \(n) 行は判定できませんでした（「判定できなかった行」を参照）。")
    }
    var riskNone: String { l("None found: every service has an eligible platform, every answer the rules read is known, and every row was decided.", "見つかりませんでした。すべてのサービスに実行可能なプラットフォームがあり、必要な回答はすべて判明し、すべての行を判定しました。") }
    var savingHeading: String { l("The saving of --prefer cost", "--prefer cost による削減額") }
    func savingLine(_ s: CostSaving, talk: String, cheapest: String, saving: String, share: String) -> String {
        l("For the \(s.comparable) services whose every feasible platform is priced, the talk's choices cost \(talk) a month; the cheapest feasible platform for each (berth batch --prefer cost) would cost \(cheapest): \(saving) less (\(share)), from \(s.differing) services that would move.",
          "実行可能なすべてのプラットフォームの料金が出ている \(s.comparable) 件のサービスでは、講演の基準による選択は月額 \(talk)、各サービスで最も安い実行可能なプラットフォームを選ぶと（berth batch --prefer cost）\(cheapest) です。差額は \(saving)（\(share)）で、\(s.differing) 件のサービスの配置先が変わります。")
    }
    func savingNotComparable(_ n: Int) -> String {
        l("\(n) services are not compared: some feasible platform of theirs is not priced (its usage is not given, or the run was stored before every candidate was priced).",
          "\(n) 件のサービスは比較していません。実行可能なプラットフォームの一部に料金が出ていません（利用量が未入力、または全候補の料金を保存する前の実行）。")
    }
    var talksChoice: String { l("Talk's choice", "講演の基準による選択") }
    var cheapestFeasible: String { l("Cheapest feasible", "最安の実行可能な候補") }
    var savingColumn: String { l("Saving a month", "月額の差") }
    var notRecorded: String { l("Not recorded (a run stored by an earlier berth).", "記録なし（以前の berth が保存した実行）。") }
    func incomplete(_ status: String) -> String {
        l("This run is \(status): it holds only the rows decided before it stopped, and its totals are not final.",
          "この実行は\(status)です。停止前に判定された行のみを含み、集計は確定していません。")
    }

    // Matrix
    var matrix: String { l("Decision matrix", "判定マトリクス") }
    var matrixHelp: String {
        l("Each cell says whether the platform is eligible (✓) or names the rule that excludes it (✗). ★ marks the recommendation.",
          "各セルは、そのプラットフォームが適格か（✓）、除外した場合はそのルール（✗）を示します。★ は推奨です。")
    }
    var service: String { l("Service", "サービス") }
    var recommendation: String { l("Recommendation", "推奨") }
    var labels: String { l("Labels", "ラベル") }
    var eligible: String { l("eligible", "適格") }
    var filterPlaceholder: String { l("Filter by name, description or label", "名前・説明・ラベルで絞り込み") }
    var allRecommendations: String { l("All recommendations", "すべての推奨") }
    var showing: String { l("Showing", "表示中") }
    var of: String { l("of", "/") }
    func largeMatrixNote(_ total: Int, page: Int, printMax: Int) -> String {
        l("This run has \(total) services: the matrix shows \(page) at a time, and sorting and filtering apply to all of them. Printing prints the rows the filter shows, up to \(printMax).",
          "この実行には \(total) 件のサービスがあります。マトリクスは \(page) 件ずつ表示し、並べ替えと絞り込みはすべてのサービスが対象です。印刷されるのは絞り込み結果の行（最大 \(printMax) 行）です。")
    }
    /// Printed under a large run's matrix when the filter shows more rows than are printed;
    /// `shown` is HTML (berth's own markup).
    func printCapped(_ printMax: Int, shown: String) -> String {
        l("Printed: the first \(printMax) of the \(shown) rows the filter shows. To print others, filter the matrix first; the Markdown report lists every service.",
          "印刷されているのは、絞り込み結果 \(shown) 行のうち最初の \(printMax) 行です。他の行を印刷するには先に絞り込んでください。すべてのサービスは Markdown のレポートにあります。")
    }
    func largeMatrixNoScript(_ page: Int) -> String {
        l("Without scripts, only the first \(page) are listed; the Markdown report lists them all.",
          "スクリプトを使わない場合は最初の \(page) 件のみを表示します。すべては Markdown のレポートにあります。")
    }
    var previousPage: String { l("‹ Previous", "‹ 前へ") }
    var nextPage: String { l("Next ›", "次へ ›") }
    /// The rows of the matrix page shown; `from` and `to` are HTML (berth's own markup).
    func rowRange(from: String, to: String) -> String { l("rows \(from)–\(to)", "\(from)–\(to) 件目") }
    var sortHint: String { l("Click a column heading to sort.", "列見出しをクリックすると並べ替えます。") }

    // An aggregated report (more services than a report lists one by one)
    var outcomesHeading: String { l("Services by outcome", "判定結果別のサービス") }
    func labelsHeading(_ key: String) -> String { l("Services by label \(key)", "ラベル \(key) 別のサービス") }
    func aggregatedIntro(_ total: Int, above: Int, names: Int) -> String {
        l("This run has \(total) services, more than the \(above) a report lists one by one: they are grouped by outcome (the recommendation, its variant, and which rules excluded which platforms) and by label. Each group names its first \(names) services in input order; berth report --format csv writes every service with its decision, for a spreadsheet.",
          "この実行には \(total) 件のサービスがあり、1 件ずつ記載する上限（\(above) 件）を超えるため、判定結果（推奨先とそのバリアント、どのルールがどのプラットフォームを除外したか）別とラベル別にまとめています。各グループには入力順で最初の \(names) 件のサービス名を示します。すべてのサービスの判定は berth report --format csv で表計算用に出力できます。")
    }
    var servicesListed: String { l("Services (the first)", "サービス（先頭から）") }
    func andMore(_ n: Int) -> String { l("and \(n) more", "ほか \(n) 件") }
    func showAll(_ n: Int) -> String { l("Show all \(n)", "全 \(n) 件を表示") }
    func pricedPart(_ priced: Int, of total: Int) -> String { l("\(priced) of \(total) priced", "\(total) 件中 \(priced) 件の合計") }
    func withoutLabel(_ key: String) -> String { l("(no \(key) label)", "（ラベル \(key) なし）") }
    func groupsCapped(shown: Int, total: Int, services: Int) -> String {
        l("The \(shown) largest of \(total) groups are shown; the other \(total - shown) hold \(services) services (berth report --format csv lists every service).",
          "\(total) グループのうち大きい順に \(shown) グループを示します。残りの \(total - shown) グループには \(services) 件のサービスがあります（berth report --format csv にすべてのサービスがあります）。")
    }
    /// Under a list an aggregated report cuts short; `command` lists it all.
    func listCapped(shown: Int, total: Int, command: String) -> String {
        l("The first \(shown) of \(total) are listed; \(command) lists them all.",
          "\(total) 件のうち最初の \(shown) 件を示します。すべては \(command) で確認できます。")
    }

    // Per service
    var services: String { l("Services", "サービス別の判定") }
    var detailsNeedScript: String {
        l("Without scripts, read each service's details in the Markdown report (berth report --format markdown).",
          "スクリプトを使わない場合、各サービスの詳細は Markdown のレポート（berth report --format markdown）を参照してください。")
    }
    func largeServicesNote(_ total: Int) -> String {
        l("This run has \(total) services: open one from the decision matrix (click its name) and its details appear here, built by the page's script.",
          "この実行には \(total) 件のサービスがあります。判定マトリクスでサービス名をクリックすると、ページのスクリプトがその詳細をここに表示します。")
    }
    var why: String { l("Why", "理由") }
    var whyNot: String { l("Why not the others", "他のプラットフォームではない理由") }
    var assumptions: String { l("Assumptions", "前提（仮定した回答）") }
    var followUps: String { l("Follow-ups", "フォローアップ") }
    var line: String { l("line", "行") }
    var recommendedBecause: String {
        l("Eligible, and first in the talk's procedure of preferences.", "適格で、講演の判断手順で最上位。")
    }
    func tie(with others: [String]) -> String {
        l("Stands equal with \(others.joined(separator: ", ")) at every step; the tie-break order (Fargate, Lambda, ECS on EC2, EKS) decides.",
          "\(others.joined(separator: "、")) とすべての手順で同じため、優先順（Fargate、Lambda、ECS on EC2、EKS）で決まりました。")
    }
    var noScoringRule: String {
        l("No step of the procedure prefers it.", "判断手順のどのステップもこのプラットフォームを優先していません。")
    }
    var nothingEligibleWhy: String {
        l("No platform is eligible: every one is excluded by a rule. Review the conflicting requirements below.",
          "適格なプラットフォームがありません。すべてルールで除外されています。以下の相反する要件を見直してください。")
    }
    var excludedBy: String { l("excluded", "除外") }
    func lowerInProcedure(step: Int?) -> String {
        guard let step else { return l("eligible, stands equal; lost on the tie-break order", "適格だが同点で、優先順で負け") }
        return l("eligible, but lost at step \(step) of the procedure", "適格だが判断手順のステップ \(step) で負け")
    }
    var defaultsUsed: String { l("Defaults", "デフォルト値") }
    var unknownFields: String { l("Unknown", "不明") }
    var noAssumptions: String { l("None: every answer the rules read was given.", "なし（ルールが参照する回答はすべて入力済み）。") }
    func undecided(_ rule: String, _ fields: [String]) -> String {
        l("rule \(rule) could not be decided: \(fields.joined(separator: ", ")) unknown",
          "ルール \(rule) は \(fields.joined(separator: "、")) が不明のため判定できませんでした")
    }
    var noFollowUps: String { l("None: nothing is eligible yet.", "なし（適格なプラットフォームがありません）。") }

    // Follow-ups
    func followUpTitle(_ f: FollowUp) -> String {
        switch f.variant {
        case .eksNodes: return l("Worker node Auto Scaling", "ワーカーノードの Auto Scaling")
        case .kubernetesPipeline: return l("A build-and-deploy pipeline", "ビルドとデプロイのパイプライン")
        default: return followUpTitle(f.kind)
        }
    }
    func followUpTitle(_ k: FollowUpKind) -> String {
        switch k {
        case .stateless: return l("Keep the app stateless", "アプリをステートレスに保つ")
        case .loadBalancer: return l("ALB or NLB, not the Classic Load Balancer", "Classic Load Balancer ではなく ALB / NLB")
        case .scaling: return l("Target Tracking scaling", "Target Tracking によるスケーリング")
        case .taskRole: return l("A task IAM role", "タスクごとの IAM ロール")
        case .ecrLifecycle: return l("An ECR lifecycle policy", "ECR のライフサイクルポリシー")
        case .pipeline: return l("A CodePipeline and CodeBuild pipeline", "CodePipeline と CodeBuild のパイプライン")
        case .monitoring: return l("Tag- and label-based monitoring", "タグとラベルによるモニタリング")
        }
    }
    func followUpExplanation(_ k: FollowUpKind) -> String {
        switch k {
        case .stateless:
            return l("State that must survive goes outside the container (Amazon RDS, Amazon DynamoDB, Amazon ElastiCache, Amazon S3, Amazon EFS): tasks are replaced on every deployment and on scale-in.",
                     "残す必要のある状態はコンテナの外（Amazon RDS、Amazon DynamoDB、Amazon ElastiCache、Amazon S3、Amazon EFS など）に置きます。タスクはデプロイやスケールインのたびに入れ替わります。")
        case .loadBalancer:
            return l("Fargate services work with an Application Load Balancer or a Network Load Balancer; the Classic Load Balancer is not supported.",
                     "Fargate のサービスは Application Load Balancer と Network Load Balancer に対応し、Classic Load Balancer には対応していません。")
        case .scaling:
            return l("Give the ECS service a Target Tracking policy: set a target value for a metric (for example average CPU utilization) and ECS keeps the task count there. On Fargate, capacity follows the tasks; on EC2 the instances must scale too. On EKS the worker nodes are your own EC2 instances, and their Auto Scaling is yours to set up.",
                     "ECS サービスに Target Tracking ポリシーを設定します。メトリクス（例: 平均 CPU 使用率）の目標値を決めるだけで、ECS がタスク数を保ちます。Fargate ではタスクに合わせて容量が増減し、EC2 ではインスタンス自体のスケールも必要です。EKS のワーカーノードは自分の EC2 インスタンスで、Auto Scaling も自分で設定します。")
        case .taskRole:
            return l("Give each task definition its own IAM role with only the permissions it needs; the AWS SDK picks the credentials up automatically, so no access keys go into the image or the environment.",
                     "タスク定義ごとに、必要な権限だけを持つ IAM ロールを設定します。AWS SDK が認証情報を自動で取得するので、アクセスキーをイメージや環境変数に入れる必要はありません。")
        case .ecrLifecycle:
            return l("Keep images in Amazon ECR with a lifecycle policy that expires old images by age or by count.",
                     "イメージは Amazon ECR に置き、経過日数や個数で古いイメージを自動削除するライフサイクルポリシーを設定します。")
        case .pipeline:
            return l("Build the image with AWS CodeBuild and deploy it with AWS CodePipeline, which deploys to Amazon ECS and AWS Fargate: everyone deploys the same way, and you know how each image was built and where it runs. On EKS, build in CI and apply the manifests with kubectl apply.",
                     "AWS CodeBuild でイメージをビルドし、Amazon ECS / AWS Fargate へのデプロイに対応した AWS CodePipeline でデプロイします。誰がやっても同じ手順でデプロイでき、イメージがどう作られどこで使われているかを把握できます。EKS では CI でビルドし、マニフェストを kubectl apply で適用します。")
        case .monitoring:
            return l("Monitor by service, not by host: tasks and pods come and go, so query metrics, logs and alarms by tags and labels.",
                     "ホストではなくサービスを中心に監視します。タスクや Pod は入れ替わるので、メトリクス・ログ・アラームはタグとラベルで絞り込みます。")
        }
    }
    /// The part of a follow-up that is specific to the service (empty when the practice's
    /// explanation says it all).
    func followUpNote(_ f: FollowUp) -> String {
        switch f.variant {
        case .stateless(let maxTasks):
            return maxTasks > 1
                ? l("Up to \(maxTasks) tasks run at once: keep no session or file in a single task.",
                    "最大 \(maxTasks) タスクが同時に動くため、セッションやファイルを 1 つのタスクに持たせないこと。")
                : l("Even a single task is replaced on every deployment.", "タスクが 1 つでも、デプロイのたびに入れ替わります。")
        case .keepALBorNLB(let lb):
            return l("Keep the \(lb); Fargate does not take a Classic Load Balancer.", "\(lb) を使い続けます。Fargate は Classic Load Balancer に対応していません。")
        case .addALBorNLB:
            return l("An HTTP service with no load balancer named: put an ALB in front (an NLB for TCP or gRPC).",
                     "ロードバランサーの指定がない HTTP サービスです。ALB（TCP や gRPC なら NLB）を前段に置きます。")
        case .replaceCLB(let blocks):
            return blocks
                ? l("Replace the Classic Load Balancer with an ALB or NLB: it is the only thing keeping this service off Fargate.",
                    "Classic Load Balancer を ALB か NLB に置き換えます。このサービスが Fargate に載らない理由はこれだけです。")
                : l("Replace the Classic Load Balancer with an ALB or NLB.", "Classic Load Balancer を ALB か NLB に置き換えます。")
        case .targetTracking(let min, let max, let ec2):
            let base = l("Between \(min) and \(max) tasks.", "タスク数 \(min)〜\(max) の範囲で設定します。")
            return ec2 ? base + l(" Scale the EC2 capacity as well (an ECS capacity provider with managed scaling).",
                                  "EC2 の容量もスケールさせます（マネージドスケーリングを有効にした ECS キャパシティプロバイダー）。") : base
        case .eksNodes(let min, let max):
            return l("Worker nodes are your own EC2 instances: set up their Auto Scaling yourself (\(min) to \(max) replicas).",
                     "ワーカーノードは自分の EC2 インスタンスです。Auto Scaling は自分で設定します（レプリカ数 \(min)〜\(max)）。")
        case .taskRole:
            return ""
        case .ecrLifecycle(let image):
            if let image { return l("The image is now at \(image): move it to Amazon ECR.", "現在のイメージは \(image) にあります。Amazon ECR に移します。") }
            return ""
        case .codePipeline:
            return ""
        case .kubernetesPipeline:
            return l("Build and test the image in CI, then apply the manifests (a Deployment) with kubectl apply, as in the Kintone case.",
                     "CI でイメージをビルド・テストし、マニフェスト（Deployment）を kubectl apply で適用します（Kintone の事例）。")
        case .monitoring(let labels):
            if labels.isEmpty {
                return l("This service has no labels: tag it with at least its team and service.",
                         "このサービスにはラベルがありません。少なくともチームとサービスのタグを付けます。")
            }
            let shown = labels.prefix(3).joined(separator: ", ")
            return l("Query by its tags: \(shown).", "タグで絞り込みます: \(shown)。")
        }
    }
    func talkSection(_ heading: String) -> String {
        l("talk 2018-08-03, “\(heading)”", "講演（2018-08-03）「\(heading)」")
    }
    var talkName: String { "夏の AWS Fargate & Amazon ECS/EKS 祭り" }
    var followUpsIntro: String {
        l("Practices from the talk “\(talkName)” (AWS Japan, 3 August 2018) that apply once a service lands on its platform. Each service lists the ones that apply to it.",
          "講演「\(talkName)」（AWS Japan、2018 年 8 月 3 日）のプラクティスのうち、配置先が決まったサービスに当てはまるものです。各サービスの欄に該当するものを挙げています。")
    }
    var practice: String { l("Practice", "プラクティス") }
    var source: String { l("Source", "出典") }

    // Changes
    func changesSince(_ id: Int64) -> String { l("Changes since run #\(id)", "前回の実行 #\(id) からの変更") }
    var changesHeading: String { l("Changes since the previous run", "前回の実行からの変更") }
    var noPrevious: String { l("This database holds no earlier complete run to compare with.", "このデータベースには比較できる以前の完了済み実行がありません。") }
    var noChanges: String { l("Nothing changed: the same services, with the same recommendations.", "変更はありません。サービスも推奨も前回と同じです。") }
    func changesLine(added: Int, removed: Int, changed: Int) -> String {
        l("\(added) added, \(removed) removed, \(changed) with a different recommendation or monthly cost.",
          "追加 \(added) 件、削除 \(removed) 件、推奨または月額コストの変更 \(changed) 件。")
    }
    var added: String { l("Added", "追加") }
    var removed: String { l("Removed", "削除") }
    var nowDecided: String { l("Decided now, rejected in the earlier run", "前回は却下、今回は判定") }
    var nowRejected: String { l("Rejected now, decided in the earlier run", "前回は判定、今回は却下") }
    var changed: String { l("Recommendation or cost changed", "推奨またはコストが変わったサービス") }
    var before: String { l("Before", "変更前") }
    var after: String { l("After", "変更後") }
    func changeReason(_ r: ChangeReason) -> String {
        let dflt = l("(default)", "（デフォルト）")
        switch r {
        case .field(let name, let b, let a): return "\(name): \(b ?? dflt) → \(a ?? dflt)"
        case .pack(let b, let a): return l("rule pack: \(b) → \(a)", "ルールパック: \(b) → \(a)")
        case .asOf(let b, let a): return l("as-of date: \(b) → \(a)", "基準日: \(b) → \(a)")
        case .ruleNowFires(let rule, let p, let effect):
            return l("\(rule) now fires on \(p.rawValue) (\(effect))", "\(rule) が \(p.rawValue) で発火するようになった（\(effect)）")
        case .ruleNoLongerFires(let rule, let p, let effect):
            return l("\(rule) no longer fires on \(p.rawValue) (\(effect))", "\(rule) が \(p.rawValue) で発火しなくなった（\(effect)）")
        case .monthlyCost(let b, let a):
            let none = l("(not priced)", "（算出なし）")
            let (x, y) = (b.map { "$" + Value.format($0) } ?? none, a.map { "$" + Value.format($0) } ?? none)
            return l("monthly cost: \(x) → \(y)", "月額コスト: \(x) → \(y)")
        }
    }

    // Monthly cost
    var costHeading: String { l("Monthly cost", "月額コスト") }
    func costLine(_ total: String, priced: Int, of services: Int) -> String {
        l("\(total) a month for the \(priced) of \(services) services whose recommendation is priced (compute alone, as stored with the run; the others state no usage).",
          "推奨の料金を算出できた \(services) 件中 \(priced) 件のサービスで月額 \(total)（コンピュートのみ。実行時に保存された値。残りは利用量の記載なし）。")
    }
    var costByPlatform: String { l("By platform", "プラットフォーム別") }
    func costByLabel(_ key: String) -> String { l("By label \(key)", "ラベル \(key) 別") }
    var costLargest: String { l("Largest monthly costs", "月額コストの大きいサービス") }
    var monthlyColumn: String { l("Monthly (USD)", "月額（USD）") }

    // Rejected rows
    var rejectedHeading: String { l("Rows not decided", "判定できなかった行") }
    var code: String { l("Code", "コード") }
    var message: String { l("Message", "メッセージ") }

    // Appendix
    var appendix: String { l("Appendix: rules that fired", "付録: 発火したルール") }
    var appendixIntro: String {
        l("Every rule that fired on at least one service in this run, as the rule pack states it.",
          "この実行で 1 件以上のサービスに対して発火したルールです。内容はルールパックの記述のとおりです（出典は原文のまま。日本語の記述がないルールは英語で示します）。")
    }
    var rule: String { l("Rule", "ルール") }
    var effect: String { l("Effect", "効果") }
    var notInPack: String { l("(not in the pack as it can be loaded now)", "（現在読み込めるパックにはありません）") }
    func footer(run: Int64, generatedAt: String) -> String {
        let when = date(generatedAt)
        return l("Generated by berth from run #\(run) on \(when).", "berth が実行 #\(run) から \(when)に生成しました。")
    }

    // Dates for people: "2 December 2026", "2026年12月2日"; a timestamp adds the UTC time.
    // Machine-readable places keep the ISO text (HTML `<time datetime>`).
    private static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                                 "October", "November", "December"]

    /// `2026-12-02` or an ISO timestamp as a date; text that is neither is returned as it is.
    func date(_ iso: String) -> String {
        let parts = iso.prefix(10).split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m) else { return iso }
        return l("\(d) \(Self.months[m - 1]) \(y)", "\(y)年\(m)月\(d)日")
    }

    /// An ISO timestamp (`2026-12-02T09:00:00.000Z`) as its date and UTC time to the minute.
    func dateTime(_ iso: String) -> String {
        let day = date(iso)
        guard day != iso, iso.count >= 16, iso.dropFirst(10).first == "T" else { return day }
        let time = iso.dropFirst(11).prefix(5)
        return l("\(day), \(time) UTC", "\(day) \(time)（UTC）")
    }

    func platformName(_ p: Platform?) -> String {
        p?.shortName ?? nothingEligible
    }
}
