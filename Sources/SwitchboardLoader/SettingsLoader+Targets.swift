import SwitchboardModel

extension SettingsLoader {
    static let targetFields = ["database", "tenants", "sipAccounts", "hooks", "wave"]
    static let maximumTargets = 64

    /// `targets: {NAME: {database, tenants, sipAccounts, hooks, wave}}` (DESIGN §9).
    static func targets(_ node: YAMLNode, reader: inout NodeReader) -> [Target] {
        guard case .mapping(let pairs) = node.content, !pairs.isEmpty else {
            reader.error(node, "targets must be a mapping of named targets, like {eu-west: {database: \"${EU_DATABASE_URL}\", tenants: {region: eu}}}, found \(node.kindDescription)")
            return []
        }
        // Each target is a connection, a plan and a transaction per run: a settings file of
        // thousands would be a denial of service, not a deployment.
        guard pairs.count <= maximumTargets else {
            reader.error(node, "targets names \(pairs.count) targets (at most \(maximumTargets))")
            return []
        }
        var targets: [Target] = []
        var databases: [String: String] = [:]
        for pair in pairs {
            guard let name = pair.key.scalarText, Target.isName(name) else {
                reader.error(pair.key, "target name \(Excerpt.quoted(pair.key.scalarText ?? "")) must be lowercase letters, digits and '-' (at most 63, starting with a letter or digit)")
                continue
            }
            guard let target = target(named: name, pair.value, reader: &reader) else { continue }
            // Two targets on one database would plan the same rows twice, each deleting the other's.
            if let other = databases[target.database] {
                reader.error(pair.value, "targets \(other) and \(name) name the same database: each target is its own database")
                continue
            }
            databases[target.database] = name
            targets.append(target)
        }
        return targets
    }

    private static func target(named name: String, _ node: YAMLNode, reader: inout NodeReader) -> Target? {
        let context = "target \(name)"
        guard let fields = reader.fields(node, allowed: targetFields, context: context),
              let databaseNode = reader.required(fields, "database", context: context),
              let database = databaseURL(databaseNode, field: "targets.\(name).database", reader: &reader)
        else { return nil }
        var target = Target(name: name, database: database)
        target.location = reader.location(of: databaseNode)
        var valid = true
        if let tenants = fields["tenants"] {
            if let selector = tenantSelector(tenants, context: context, reader: &reader) { target.tenants = selector } else { valid = false }
        }
        if let accounts = fields["sipAccounts"] {
            if let selector = accountSelector(accounts, context: context, reader: &reader) { target.sipAccounts = selector } else { valid = false }
        }
        if let hooksNode = fields.pair("hooks")?.value {
            // `hooks: {}` (or `hooks:` with nothing) is "no hooks", not "the top-level ones".
            if hooksNode.isNull || hooksNode.isEmptyMapping {
                target.sipReload = SIPReloadHooks()
                target.notify = .some(nil)
            } else {
                let (sipReload, notify) = hooks(hooksNode, reader: &reader)
                target.sipReload = sipReload
                target.notify = .some(notify)
            }
        }
        if let wave = fields["wave"] {
            if let number = reader.integer(wave, field: "targets.\(name).wave", range: 1...1000) { target.wave = Int(number) } else { valid = false }
        }
        return valid ? target : nil
    }

    /// The long form's keys (`{ids: […], slugs: […], labels: {…}}`): never read as label names.
    static let selectorFields = ["ids", "slugs", "labels"]

    /// `all`, a list of tenant ids and slugs, labels (`{region: eu}`), or the long form
    /// `{ids, slugs, labels}`.
    private static func tenantSelector(_ node: YAMLNode, context: String, reader: inout NodeReader) -> TenantSelector? {
        switch node.content {
        case .scalar(let text, _) where text == "all":
            return .everyTenant
        case .sequence(let items) where !items.isEmpty:
            return names(items, context: context, reader: &reader).map { TenantSelector(ids: $0.ids, slugs: $0.slugs) }
        case .mapping(let pairs) where !pairs.isEmpty:
            guard pairs.contains(where: { selectorFields.contains($0.key.scalarText ?? "") }) else {
                return labelRule(node, context: context, reader: &reader).map { TenantSelector(labels: $0) }
            }
            guard let fields = reader.fields(node, allowed: selectorFields, context: "\(context) tenants") else { return nil }
            var selector = TenantSelector()
            for field in ["ids", "slugs"] {
                guard let list = fields[field] else { continue }
                guard case .sequence(let items) = list.content else {
                    reader.error(list, "\(context): tenants.\(field) must be a list, found \(list.kindDescription)")
                    return nil
                }
                guard let named = names(items, context: context, reader: &reader, only: field) else { return nil }
                selector.ids.formUnion(named.ids)
                selector.slugs.formUnion(named.slugs)
            }
            if let labels = fields["labels"] {
                guard let rule = labelRule(labels, context: context, reader: &reader) else { return nil }
                selector.labels = rule
            }
            return selector
        default:
            reader.error(node, "\(context): tenants must be all, a list of tenant ids and slugs, or labels like {region: eu}, found \(reader.describe(node))")
            return nil
        }
    }

    /// Tenant ids and slugs; `only` (`ids`, `slugs`) refuses the other kind.
    private static func names(_ items: [YAMLNode], context: String, reader: inout NodeReader, only: String? = nil)
        -> (ids: Set<Int64>, slugs: Set<String>)?
    {
        var ids = Set<Int64>(), slugs = Set<String>()
        for item in items {
            guard let text = item.scalarText, !item.isNull else {
                reader.error(item, "\(context): tenants lists tenant ids and slugs, found \(item.kindDescription)")
                return nil
            }
            // Digits without a leading zero are an id (as `tenant.id` is written); `007` is a slug.
            if only != "slugs", text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), !text.hasPrefix("0"),
               let id = Int64(text), id >= 1 {
                ids.insert(id)
            } else if only != "ids", TenantFileLoader.isSlug(text) {
                slugs.insert(text)
            } else {
                let what = only == "ids" ? "a tenant id" : only == "slugs" ? "a tenant slug" : "a tenant id nor a slug"
                reader.error(item, "\(context): \(Excerpt.quoted(text)) is \(only == nil ? "neither " : "not ")\(what)")
                return nil
            }
        }
        return (ids, slugs)
    }

    /// `{region: eu, tier: [gold, silver]}`: each label with one of its values.
    private static func labelRule(_ node: YAMLNode, context: String, reader: inout NodeReader) -> [String: Set<String>]? {
        guard case .mapping(let pairs) = node.content, !pairs.isEmpty else {
            reader.error(node, "\(context): labels must be a mapping like {region: eu}, found \(reader.describe(node))")
            return nil
        }
        var wanted: [String: Set<String>] = [:]
        for pair in pairs {
            guard let key = pair.key.scalarText, TenantLabel.isKey(key) else {
                reader.error(pair.key, "\(context): label name \(Excerpt.quoted(pair.key.scalarText ?? "")) must be \(TenantLabel.rule) ('/' allowed)")
                return nil
            }
            let valueNodes: [YAMLNode]
            if case .sequence(let items) = pair.value.content, !items.isEmpty { valueNodes = items } else { valueNodes = [pair.value] }
            var values = Set<String>()
            for valueNode in valueNodes {
                guard let value = valueNode.scalarText, !valueNode.isNull, TenantLabel.isValue(value) else {
                    reader.error(valueNode, "\(context): label \(key) must be \(TenantLabel.rule) (or a list of them), found \(reader.describe(valueNode))")
                    return nil
                }
                values.insert(value)
            }
            wanted[key] = values
        }
        return wanted
    }

    /// `all`, or a list of SIP account labels.
    private static func accountSelector(_ node: YAMLNode, context: String, reader: inout NodeReader) -> AccountSelector? {
        if node.scalarText == "all" { return .all }
        guard case .sequence(let items) = node.content else {
            reader.error(node, "\(context): sipAccounts must be all or a list of SIP account labels, found \(reader.describe(node))")
            return nil
        }
        var labels = Set<String>()
        for item in items {
            guard let label = reader.string(item, field: "\(context).sipAccounts") else { return nil }
            labels.insert(label)
        }
        return .labels(labels)
    }
}

extension YAMLNode {
    var isEmptyMapping: Bool {
        if case .mapping(let pairs) = content { return pairs.isEmpty }
        return false
    }
}
