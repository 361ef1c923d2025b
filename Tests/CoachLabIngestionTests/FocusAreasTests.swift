import CoachLabData
import Testing

/// Sessions' focus areas as codes in contiguous arrays, and back.
@Suite struct FocusAreasTests {
    @Test func encodesListsAndDecodesThemBack() {
        let lists = [["discovery", "closing"], [], ["closing"], ["pipeline", "discovery", "closing"]]
        let areas = FocusAreas(lists)
        #expect(areas.names == ["discovery", "closing", "pipeline"])
        #expect(areas.starts == [0, 2, 2, 3, 6])
        #expect(areas.codes == [0, 1, 1, 2, 0, 1])
        #expect(areas.count == 4)
        #expect((0..<4).map(areas.areaCount(of:)) == [2, 0, 1, 3])
        #expect(Array(areas.codes(of: 3)) == [2, 0, 1])
        #expect(areas.lists == lists)
        #expect(FocusAreas([]).count == 0)
    }

    @Test func sessionsKeepTheListsTheyAreGiven() {
        let lists = [["a"], ["b", "a"]]
        var sessions = CoachingSessions(
            ids: ["S1", "S2"], reps: [0, 0], managers: [0, 0], dates: [1, 2], durationsMinutes: [30, 30],
            kinds: [.coaching, .review], focusAreas: lists)
        #expect(sessions.focusAreas == lists)
        #expect(sessions.encodedFocusAreas?.names == ["a", "b"])
        sessions.focusAreas = nil
        #expect(sessions.encodedFocusAreas == nil)
    }
}
