import Foundation
import Testing
import SwitchboardModel
@testable import SwitchboardPlan

/// Whoever opens a pull request writes the names, and names read from the database were never
/// validated: neither may break the plan's tables, open HTML, or become a link, an image or an
/// @-mention in the comment a reviewer approves (issue "Hostile or broken input…").
struct MarkdownInjectionTests {
    static let hostile = "Evil\n| forged | row |\n@someone [click](https://evil.example) ![i](https://evil.example/i.png) <img src=x> `code` www.evil.example"

    static var plan: Plan {
        var actual = PlanScenarios.inSync
        // A hand-made tenant (left alone, listed) and a managed one the files rename (shown before → after).
        actual.tenants.append(Tenant(id: 99, slug: "hand-made", name: hostile))
        actual.tenants = actual.tenants.map { $0.id == 42 ? Tenant(id: 42, slug: "acme", name: hostile) : $0 }
        actual.routes.append(PlanScenarios.route(.web, "key|with`ticks`@and [x](https://evil.example)", tenant: 99))
        return Planner.plan(desired: PlanScenarios.desired, actual: actual, secrets: PlanScenarios.secrets, policy: PlanPolicy())
    }

    @Test func namesAndKeysCannotRewriteTheComment() throws {
        let markdown = MarkdownPlanRenderer.render(Self.plan, header: PlanScenarios.header)
        try Golden.check(markdown, "hostile-names.md")
        // Every table row is one line with its four cells: no forged row.
        for line in markdown.split(separator: "\n") where line.hasPrefix("|") && !line.hasPrefix("|---") {
            let cells = line.replacingOccurrences(of: "\\|", with: "").split(separator: "|", omittingEmptySubsequences: false)
            #expect(cells.count == 6, "\(line)")
        }
        // Outside code spans (where nothing renders), no mention, link, image, HTML or autolink.
        let rendered = markdown.replacingOccurrences(of: "(`+).*?\\1", with: "", options: .regularExpression)
        #expect(!rendered.contains("| forged |"))
        #expect(!rendered.contains("@someone"))
        #expect(!rendered.contains("@and"))
        #expect(!rendered.contains("](https://"))
        #expect(!rendered.contains("<img"))
        #expect(!rendered.contains("https://evil"))
        #expect(!rendered.contains("www.evil"))
        #expect(rendered.contains("@\u{2060}someone \\[click\\]"))
    }

    @Test func theTextPlanStaysOneLinePerRow() {
        let text = TextPlanRenderer.render(Self.plan, header: PlanScenarios.header)
        #expect(!text.contains("| forged | row |\n"))
        #expect(text.contains("name \"Evil\\n| forged | row |\\n@someone"))
    }

    @Test(arguments: [("a`b", "``a`b``"), ("`a", "`` `a ``"), ("a|b", "`a\\|b`"), ("line\nbreak", "`line\\nbreak`")])
    func codeSpans(_ text: String, _ expected: String) {
        #expect(MarkdownText.code(text) == expected)
    }
}
