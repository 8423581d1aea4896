package policyinput

// ResetMemo forgets what this process converted and named, as a new
// process would.
func ResetMemo() {
	memo.Lock()
	defer memo.Unlock()
	memo.items, memo.cut, memo.sums = terms{}, terms{}, nil
}

// Memoized reports whether the memo holds element x of a list.
func Memoized(x any) bool { return memoGet(memoOf(x), nil) != nil }
