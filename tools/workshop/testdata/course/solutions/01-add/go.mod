module fixture/solutions/01-add

go 1.26.0
