import HuifangControl
import HuifangCore
@testable import HuifangDaemon
import Testing

@Suite struct AccessTests {
    func allowed(_ role: OperatorRole) -> Set<String> {
        Set(API.all.filter { $0.access.allows(role) }.map { $0.name })
    }

    @Test("R-OPS-2 R-CUS-2 R-CUS-5 the role matrix: admin everything; managers all but nothing more; front line no endpoints, replays or audit")
    func roleMatrix() {
        let everything = Set(API.all.map { $0.name })
        #expect(allowed(.admin) == everything)
        let health: Set = ["customer.health", "customer.health-set"]
        #expect(allowed(.manager) == everything.subtracting(health).subtracting(["admin.rotate-key", "endpoint.rotate", "admin.log-level", "backup.restore", "admin.copy-store"]),
                "managers run the clinic, but health data is for clinicians (R-CUS-2) and keys for admins")
        for role in [OperatorRole.frontDesk, .customerService, .consultant, .doctor] {
            let mine = allowed(role)
            #expect(mine.contains("status") && mine.contains("customer.add") && mine.contains("task.done"), "\(role)")
            #expect(!mine.contains("endpoint.pause") && !mine.contains("message.replay") && !mine.contains("audit.list"), "\(role)")
            #expect(!mine.contains("customer.erase") && !mine.contains("admin.rotate-key"), "\(role)")
        }
        #expect(allowed(.doctor).isSuperset(of: health) && allowed(.consultant).isSuperset(of: health))
        #expect(allowed(.frontDesk).isDisjoint(with: health) && allowed(.customerService).isDisjoint(with: health))
        #expect(allowed(.customerService).contains("complaint.resolve"))
        #expect(!allowed(.frontDesk).contains("complaint.resolve"))
        #expect(!allowed(.doctor).contains("message.schedule"))
        #expect(API.all.filter { $0.mutates }.map { $0.name }.allSatisfy { $0 != "status" && !$0.hasSuffix(".list") && !$0.hasSuffix(".show") })
    }

    @Test("R-OPS-2 root is admin; users by uid or name; anyone else refused; no [roles] means admin for all")
    func authorizer() throws {
        let roles: [String: OperatorRole] = ["1234": .frontDesk, "root": .doctor]
        #expect(try Authorizer.role(for: PeerCredentials(pid: 1, uid: 0, gid: 0), roles: roles).get() == .admin)
        #expect(try Authorizer.role(for: PeerCredentials(pid: 1, uid: 1234, gid: 1234), roles: roles).get() == .frontDesk)
        guard case .failure(let error) = Authorizer.role(for: PeerCredentials(pid: 1, uid: 999, gid: 999), roles: roles) else {
            Issue.record("uid 999 should be refused")
            return
        }
        #expect(error.code == .permissionDenied)
        #expect(try Authorizer.role(for: PeerCredentials(pid: 1, uid: 999, gid: 999), roles: nil).get() == .admin)
        guard case .failure = Authorizer.role(for: nil, roles: roles) else {
            Issue.record("an unknown peer should be refused")
            return
        }
    }
}
