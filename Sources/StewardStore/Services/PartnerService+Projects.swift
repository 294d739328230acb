import FluentKit
import Foundation
import StewardCore

/// Moving a project between workspaces.
extension PartnerService {
    /// Moves a project (with its conversations and reports) to another workspace; the mover must
    /// be owner or admin of both.
    public func moveProject(_ id: ProjectID, to target: WorkspaceID?, by actor: UserID) async throws -> Project {
        let (source, project) = try await WorkService(db: db, env: env).project(id, by: actor)
        try source.require(.moveProjects)
        guard let target else { throw DomainError.invalid("targetWorkspaceId", "is required") }
        let destination: WorkspaceContext
        do {
            destination = try await Load.workspaceContext(target, user: actor, on: db)
        } catch let error as DomainError where error.kind == .notFound {
            // An id in the body is not the resource the URL names: a 404 would read as "this
            // project is gone". Unknown and unreachable answer alike.
            throw DomainError(
                .unprocessable, code: "target_workspace_unknown",
                detail: "That workspace does not exist or you can't move projects into it.",
                fieldErrors: [.init(field: "targetWorkspaceId", message: "is not a workspace you can reach")])
        }
        try destination.require(.moveProjects)
        if destination.workspace.id == source.workspace.id { return project }
        try PartnerRule.checkProjectMove(sourceKind: source.workspace.kind)
        try await db.transaction { tx in
            try await ProjectRow.query(on: tx).filter(\.$id == id.uuid).set(\.$workspaceID, to: target.uuid).update()
            let log = AuditLog(db: tx, clock: env.clock)
            let label = AuditLog.Target(type: "project", id: id.description, label: project.name)
            try await log.record(
                "project.moved_out", actor: actor, org: source.org.id.uuid, workspace: source.workspace.id.uuid,
                target: label, before: source.workspace.name, after: destination.workspace.name)
            try await log.record(
                "project.moved_in", actor: actor, org: destination.org.id.uuid, workspace: target.uuid, target: label,
                before: source.workspace.name, after: destination.workspace.name)
        }
        var moved = project
        moved.workspaceID = target
        return moved
    }
}
