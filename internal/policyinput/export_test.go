package policyinput

// ResetMemo forgets what this process converted and named, as a new
// process would.
func ResetMemo() {
	memo.Lock()
	defer memo.Unlock()
	memo.items, memo.sums = nil, nil
}
