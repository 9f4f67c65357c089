import Foundation
import HuifangCore
#if canImport(Glibc)
import Glibc
#endif

/// Maps the peer of a control connection to an operator role (R-OPS-2): root is admin; a
/// user named in `[roles]` (by name or uid) has that role; anyone else is refused. Without
/// a `[roles]` table every user who can open the socket (its file mode and group decide)
/// is admin, as on a single-operator machine.
enum Authorizer {
    /// The peer's role: from `[roles]` by uid or user name; else, for a member of staff
    /// whose record carries that uid (R-PPL-3), from their staff roles (`staff` is asked
    /// only then).
    static func role(for peer: PeerCredentials?, roles: [String: OperatorRole]?,
                     staff: () -> [StaffMember] = { [] }) -> Result<OperatorRole, HuifangError> {
        guard let roles else { return .success(.admin) }
        guard let peer else { return .failure(HuifangError(.permissionDenied, "the peer's credentials could not be read")) }
        if peer.uid == 0 { return .success(.admin) }
        if let role = roles[String(peer.uid)] { return .success(role) }
        if let name = userName(peer.uid), let role = roles[name] { return .success(role) }
        if let member = staff().first(where: { $0.uid == peer.uid && $0.active }), let role = operatorRole(of: member) {
            return .success(role)
        }
        return .failure(HuifangError(.permissionDenied, "uid \(peer.uid) has no role in [roles] and is no active member of staff"))
    }

    /// The branch a peer acts for, when their role is limited to one (issue 16): from
    /// `[roles]` (`user = { role = …, branch = … }`), else their staff record's branch.
    static func branch(for peer: PeerCredentials?, config: HuifangConfig, staff: () -> [StaffMember]) -> String? {
        guard config.roles != nil, let peer, peer.uid != 0 else { return nil }
        if config.roles?[String(peer.uid)] != nil { return config.roleBranches[String(peer.uid)] }
        if let name = userName(peer.uid), config.roles?[name] != nil { return config.roleBranches[name] }
        return staff().first { $0.uid == peer.uid && $0.active }?.branch
    }

    /// What a member of staff may do on the socket: a department head or supervisor
    /// manages; otherwise their first role.
    static func operatorRole(of member: StaffMember) -> OperatorRole? {
        if member.roles.contains(where: { $0 == .departmentHead || $0 == .supervisor }) { return .manager }
        return member.roles.lazy.compactMap { role -> OperatorRole? in
            switch role {
            case .frontDesk: .frontDesk
            case .customerService: .customerService
            case .consultant: .consultant
            case .doctor: .doctor
            case .departmentHead, .supervisor: .manager
            }
        }.first
    }

    static func userName(_ uid: UInt32) -> String? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwuid_r(uid, &entry, &buffer, buffer.count, &result) == 0, result != nil, let name = entry.pw_name else {
            return nil
        }
        return String(cString: name)
    }
}
