import CoachLabData

/// Header names exports commonly give each canonical column, compared after normalising
/// (lower case, letters and digits only: "Account Owner" → "accountowner").
enum ColumnSynonyms {
    static func normalized(_ header: String) -> String {
        String(header.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) }.map(Character.init))
    }

    /// Candidate headers for a column, best first (the canonical name is always first).
    static func candidates(_ column: String, in table: DatasetTable) -> [String] {
        let common: [String: [String]] = [
            "manager_id": ["managerid", "manager", "salesmanager", "managername", "reportsto", "leader", "frontlinemanager", "firstlinemanager", "coach"],
            "rep_id": ["repid", "rep", "salesrep", "accountowner", "owner", "ownerid", "userid", "user", "employeeid", "repname", "salesperson", "opportunityowner", "assignedto"],
            "coaching_quality": ["coachingquality", "coachingrating", "coachingtier", "coachingassessment", "coachingrating15", "rating"],
            "coaching_score": ["coachingscore", "score", "coachingindex"],
            "hire_date": ["hiredate", "startdate", "datehired", "hired"],
            "region": ["region", "salesregion", "territory", "geo"],
            "segment": ["segment", "salessegment", "marketsegment", "team"],
            "period": ["period", "fiscalperiod", "month", "closemonth", "periodname", "fiscalmonth", "yearmonth"],
            "quota": ["quota", "quotaamount", "target", "quotaattainmenttarget", "plan"],
            "bookings": ["bookings", "closedwonamount", "closedwon", "revenue", "amountwon", "wonamount", "attainmentamount", "bookedamount"],
            "calls": ["calls", "callcount", "callsmade", "numberofcalls", "dials"],
            "meetings": ["meetings", "meetingcount", "meetingsheld", "numberofmeetings"],
            "opportunities_created": ["opportunitiescreated", "opportunities", "oppscreated", "newopportunities", "opportunitycount"],
            "pipeline_value": ["pipelinevalue", "pipeline", "pipelineamount", "openpipeline"],
            "session_id": ["sessionid", "session", "meetingid", "coachingsessionid", "activityid"],
            "date": ["date", "sessiondate", "activitydate", "meetingdate"],
            "duration_min": ["durationmin", "duration", "durationminutes", "minutes", "length"],
            "kind": ["kind", "type", "sessiontype", "activitytype"],
            "focus_areas": ["focusareas", "focus", "topics", "skills"],
            "feedback_delay_hours": ["feedbackdelayhours", "feedbackdelay", "feedbackdelayh", "hourstofeedback"],
            "assignment_id": ["assignmentid", "assignment", "taskid", "actionid"],
            "assigned_on": ["assignedon", "assigned", "createddate", "assigneddate"],
            "due_on": ["dueon", "duedate", "due"],
            "completed_on": ["completedon", "completeddate", "completed", "donedate"],
            "focus_area": ["focusarea", "focus", "skill", "topic"],
            "target_metric": ["targetmetric", "metric"],
            "target_value": ["targetvalue", "goal", "targetamount"],
            "program": ["program", "programme", "programname", "programmename", "trainingprogram", "enablementprogram",
                        "coachingprogram", "cohort", "initiative"],
            "start_period": ["startperiod", "startmonth", "programstart", "programstartmonth", "programstartdate",
                             "enrollmentmonth", "enrolmentmonth", "enrollmentdate", "enrolmentdate", "enrolledon",
                             "cohortmonth", "startdate"],
        ]
        return [normalized(column)] + (common[column] ?? [])
    }
}
