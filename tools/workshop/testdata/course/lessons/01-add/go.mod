module fixture/lessons/01-add

go 1.26.0
