// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @notice Roles an officer can hold within one department.
/// @dev Stored as a bitmask (bit `1 << role`), so an officer may hold several roles.
enum OfficerRole {
    None, // never granted; reserved so that a zeroed value means "no role"
    Clerk, // 受理: receives and registers applications
    Approver, // 审批: approves or rejects approval steps
    Issuer, // 发证: issues certificates
    Manager // 部门管理员: grants and revokes the roles of the department's officers
}

/// @notice Lifecycle of an application (办件).
enum ApplicationStatus {
    None, // no application with this id
    Submitted, // 已提交
    Accepted, // 已受理
    InReview, // 审查中
    SupplementRequested, // 补正
    Approved, // 已批准
    Rejected, // 不予批准
    Completed, // 已办结
    Withdrawn, // 撤回
    SpecialProcedure // 特别程序: the open step waits for a special procedure (听证, 专家评审, ...); its clock stops
}

/// @notice What happens when an approval step passes its deadline and someone flags it.
enum DeadlinePolicy {
    FlagOnly, // the overdue flag is recorded (效能监察) and nothing else changes
    Escalate, // the supervising department may then act on the step in the owner's place
    DeemedApproval // the step counts as approved (告知承诺制), recorded as deemed
}

/// @notice One approval step of a service: which department acts, with which role, within which time.
struct ApprovalStep {
    bytes32 department; // department code (ASCII, left-aligned) that acts on this step
    OfficerRole role; // role the acting officer must hold in that department
    uint32 timeLimit; // units (the service's promised unit) the step may take before it is overdue; 0 = no own limit
}

/// @notice Address of an account that was expected to be non-zero was zero.
error ZeroAddress();

/// @notice No department is registered under `department`.
error UnknownDepartment(bytes32 department);

/// @notice The department `department` exists but has been deactivated.
error DepartmentInactive(bytes32 department);

/// @notice The unit a time limit counts in (法定/承诺办结时限 and each step's limit).
enum TimeUnit {
    WorkingDays, // 工作日: days the working calendar marks as working days (行政许可法 Art. 82)
    NaturalDays, // 自然日: calendar days
    Hours // 小时
}

/// @notice A time limit: `amount` of `unit`, counted from the day after the start (民法典 Art. 201).
struct TimeLimit {
    uint32 amount; // how many units
    TimeUnit unit; // which unit
}
